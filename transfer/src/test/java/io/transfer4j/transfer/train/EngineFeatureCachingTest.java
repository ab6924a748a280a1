package io.transfer4j.transfer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.transfer4j.transfer.Head;
import io.transfer4j.transfer.data.FashionMnist;
import io.transfer4j.transfer.onnx.Engine;
import io.transfer4j.transfer.pretrained.FashionCnn;
import io.transfer4j.transfer.pretrained.PretrainedFashionCnn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The frozen trunk's features computed by ONNX Runtime instead of DL4J, on Fashion-MNIST images of classes
 * 5-9 (20 each) through the shipped FashionCnn trunk (576-wide flatten). The accuracy of heads trained on
 * either is compared in {@code pretrained.FewShotEngineTest}.
 */
class EngineFeatureCachingTest {
    private static DataSet train;

    @TempDir
    Path cacheDir;

    @BeforeAll
    static void data() {
        FashionMnist fm = FashionMnist.locate();
        train = fm.train().filterClasses(5, 6, 7, 8, 9).sample(20, 7).scaled(1 / 255.0).toDataSet();
    }

    /** The shipped fmnist-cnn:classes0-4 model frozen, a new 5-class head on its 'flatten' features. */
    private static ComputationGraph model() {
        return PretrainedFashionCnn.loadModel().newHead(Head.classes(5).cutAt(FashionCnn.FEATURE_LAYER).seed(3))
                .freezeAllExcept(Head.OUTPUT).graph();
    }

    @Test
    void onnxRuntimeTrunkFeaturesEqualDl4jsAndTheExportIsReused() throws IOException {
        ComputationGraph g = model();
        INDArray x = train.getFeatures();
        INDArray dl4j;
        INDArray ort;
        try (TrunkFeatures d = new TrunkFeatures(g, FashionCnn.FEATURE_LAYER, Engine.Kind.DL4J, cacheDir);
             TrunkFeatures o = new TrunkFeatures(g, FashionCnn.FEATURE_LAYER, Engine.Kind.ONNX_RUNTIME, cacheDir)) {
            dl4j = d.of(x);
            ort = o.of(x);
            assertEquals(Engine.Kind.ONNX_RUNTIME, o.engineKind());
        }
        assertEquals(List.of(100L, (long) FashionCnn.FEATURE_WIDTH), List.of(ort.size(0), ort.size(1)));
        double rel = dl4j.sub(ort).amaxNumber().doubleValue() / dl4j.amaxNumber().doubleValue();
        assertTrue(rel <= 1e-4, "ORT trunk features differ from DL4J's by " + rel + " (relative to the largest feature)");

        // the trunk was exported once; a new engine over unchanged weights reuses the file
        List<Path> files = onnxFiles();
        assertEquals(1, files.size(), "one exported trunk expected: " + files);
        var mtime = Files.getLastModifiedTime(files.get(0));
        try (TrunkFeatures again = new TrunkFeatures(g, FashionCnn.FEATURE_LAYER, Engine.Kind.ONNX_RUNTIME, cacheDir)) {
            assertEquals(0.0, again.of(x).sub(ort).amaxNumber().doubleValue(), 0.0);
        }
        assertEquals(files, onnxFiles());
        assertEquals(mtime, Files.getLastModifiedTime(files.get(0)));
    }

    private List<Path> onnxFiles() throws IOException {
        try (Stream<Path> s = Files.list(cacheDir)) {
            return s.filter(p -> p.toString().endsWith(".onnx")).sorted().toList();
        }
    }
}
