package io.transfer4j.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.transfer4j.transfer.onnx.Engine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Prediction on ONNX Runtime through the Classifier: same top-k as DL4J, export cached beside the model file. */
class ClassifierEngineTest {
    private static final List<String> LABELS = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j");

    @TempDir
    Path dir;

    /** Nets.small's trunk frozen up to its pooling, a new 10-class head, a few training steps, saved. */
    private Path savedModel() {
        TransferModel m = TransferModel.from(Nets.small(4)).newHead(Head.labels(LABELS).seed(3)).freezeUpTo("gap");
        Nets.fit(m.graph(), Nets.randomData(2, 40, LABELS.size()), 5);
        Path file = dir.resolve("ten.zip");
        m.save(file);
        return file;
    }

    @Test
    void onnxRuntimeTopKAgreesWithDl4jAndTheExportIsCachedBesideTheModelFile() throws IOException {
        Path file = savedModel();
        Nd4j.getRandom().setSeed(11);
        INDArray images = Nd4j.rand(DataType.FLOAT, 12, 3, 8, 8).muli(255);
        try (Classifier dl4j = Classifier.load(file).engine(Engine.Kind.DL4J);
             Classifier ort = Classifier.load(file).engine(Engine.Kind.ONNX_RUNTIME)) {
            List<List<Prediction>> expected = dl4j.predictBatch(images, 5);
            List<List<Prediction>> actual = ort.predictBatch(images, 5);
            assertEquals(Engine.Kind.ONNX_RUNTIME, ort.engineKind());
            assertEquals(Engine.Kind.DL4J, dl4j.engineKind());
            for (int i = 0; i < expected.size(); i++) {
                assertEquals(expected.get(i).stream().map(Prediction::label).toList(),
                        actual.get(i).stream().map(Prediction::label).toList(), "top-5 of image " + i);
                for (int k = 0; k < 5; k++) {
                    assertEquals(expected.get(i).get(k).probability(), actual.get(i).get(k).probability(), 1e-4);
                }
            }
            INDArray pd = dl4j.tta(true).probabilities(images);
            INDArray po = ort.tta(true).probabilities(images);
            assertTrue(pd.sub(po).amaxNumber().doubleValue() <= 1e-4, "flip-TTA probabilities differ: " + pd.sub(po).amaxNumber());
        }
        Path cache = dir.resolve("ten.zip.onnx-cache");
        List<Path> files = onnx(cache);
        assertEquals(1, files.size(), "one exported model beside ten.zip: " + files);
        FileTime written = Files.getLastModifiedTime(files.get(0));
        try (Classifier again = Classifier.load(file).engine(Engine.Kind.AUTO)) {
            again.predictBatch(images, 1);
            assertEquals(Engine.Kind.ONNX_RUNTIME, again.engineKind(), "AUTO picks ONNX Runtime when it is on the classpath");
        }
        assertEquals(files, onnx(cache), "same weights: the export is reused");
        assertEquals(written, Files.getLastModifiedTime(files.get(0)));
    }

    private static List<Path> onnx(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.filter(p -> p.toString().endsWith(".onnx")).sorted().toList();
        }
    }
}
