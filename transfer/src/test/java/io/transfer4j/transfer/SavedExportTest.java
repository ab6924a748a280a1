package io.transfer4j.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.transfer4j.dsl.Network;
import io.transfer4j.transfer.onnx.Engine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code Classifier.load(file, kind, cacheDir)}: the first prediction of a model file that references its frozen trunk
 * records its export; a second classifier over the same file predicts the same (within 1e-5 of DL4J) without building
 * the DL4J graph or exporting (proved by removing the trunk's weights from the store: building the graph needs them),
 * and a file with other head weights is not served the first file's record.
 */
class SavedExportTest {
    private static final List<String> LABELS = List.of("a", "b", "c");

    @TempDir
    Path dir;
    @org.junit.jupiter.api.extension.RegisterExtension
    final PrivateHome home = new PrivateHome(() -> dir.resolve("home"));

    /** 8x8x3 -> conv -> flatten -> a 1024 -> 1024 dense (the trunk: over FrozenWeights.MIN_VALUES, frozen) -> 3 classes. */
    private static TransferModel model() {
        Network net = Network.builder("wide").seed(3).input(8, 8, 3)
                .conv(16, 3).same().name("conv1").relu()
                .flatten().dense(1024).act(Activation.RELU).name("trunk")
                .output(LABELS.size()).name("out").build();
        return TransferModel.from(net).freezeUpTo("trunk").labels(LABELS);
    }

    private static INDArray images() {
        Nd4j.getRandom().setSeed(11);
        return Nd4j.rand(DataType.FLOAT, 6, 3, 8, 8).muli(255);
    }

    private static INDArray dl4j(Path file) {
        try (Classifier c = Classifier.load(file).engine(Engine.Kind.DL4J)) {
            return c.probabilities(images());
        }
    }

    @Test
    void aSecondClassifierOverTheSameFileBuildsNoGraphAndAChangedFileIsNotServedTheOldExport() throws IOException {
        TransferModel m = model();
        Nets.fit(m.graph(), Nets.randomData(2, 30, LABELS.size()), 3);
        Path file = dir.resolve("m.zip");
        Path cache = dir.resolve("cache");
        m.save(file);
        try (ZipFile z = new ZipFile(file.toFile())) {
            assertNull(z.getEntry("coefficients.bin"), "the file references its frozen trunk");
        }
        INDArray expected = dl4j(file);

        try (Classifier first = Classifier.load(file, Engine.Kind.AUTO, cache)) {   // loads the model, exports, records
            assertClose(expected, first.probabilities(images()));
            assertEquals(Engine.Kind.ONNX_RUNTIME, first.engineKind());
        }
        Map<Path, FileTime> exports = files(cache, ".onnx");
        assertEquals(1, exports.size(), "the trunk's export: " + exports.keySet());
        assertEquals(1, files(cache, ".json").size(), "one record for the file's content");

        Path storeFile;
        try (Stream<Path> s = Files.list(dir.resolve("home").resolve("frozen-weights"))) {
            storeFile = s.filter(p -> p.toString().endsWith(".bin")).findFirst().orElseThrow();
        }
        Path aside = dir.resolve("trunk.bin");
        Files.move(storeFile, aside);   // loading the model (building its graph) would now fail naming this file
        try (Classifier second = Classifier.load(file, Engine.Kind.AUTO, cache)) {
            assertEquals(LABELS, second.labels());
            assertFalse(second.isMultiLabel());
            assertFalse(second.outputsMap());
            assertEquals(LABELS, second.predictBatch(images(), 3).get(0).stream().map(Prediction::label).sorted().toList());
            assertClose(expected, second.probabilities(images()));
            assertEquals(Engine.Kind.ONNX_RUNTIME, second.engineKind());
        }
        assertEquals(exports, files(cache, ".onnx"), "nothing exported again");
        Files.move(aside, storeFile);

        Nets.fit(m.graph(), Nets.randomData(5, 30, LABELS.size()), 5);   // other head weights, same frozen trunk
        m.save(file);
        INDArray changed = dl4j(file);
        assertTrue(changed.sub(expected).amaxNumber().doubleValue() > 1e-3, "the head changed");
        try (Classifier third = Classifier.load(file, Engine.Kind.AUTO, cache)) {
            assertClose(changed, third.probabilities(images()));
        }
        assertEquals(exports, files(cache, ".onnx"), "same trunk: its export is shared");
        assertEquals(2, files(cache, ".json").size(), "the changed file has a record of its own");
        try (Classifier fourth = Classifier.load(file, Engine.Kind.AUTO, cache)) {   // served from that record
            assertClose(changed, fourth.probabilities(images()));
            assertClose(changed, fourth.model().output(Classifier.load(file).model().preprocessing().apply(images())));
        }
    }

    @Test
    void dl4jAndAModelChangedInMemoryAreNeverServedTheRecord() {
        TransferModel m = model();
        Path file = dir.resolve("m.zip");
        Path cache = dir.resolve("cache");
        m.save(file);
        INDArray expected = dl4j(file);
        try (Classifier first = Classifier.load(file, Engine.Kind.ONNX_RUNTIME, cache)) {
            assertClose(expected, first.probabilities(images()));
        }
        try (Classifier c = Classifier.load(file, Engine.Kind.DL4J, cache)) {
            assertClose(expected, c.probabilities(images()));
            assertEquals(Engine.Kind.DL4J, c.engineKind());
        }
        try (Classifier c = Classifier.load(file, Engine.Kind.AUTO, cache)) {
            assertClose(expected, c.probabilities(images()));                 // served by the record
            Nets.fit(c.model().graph(), Nets.randomData(7, 30, LABELS.size()), 5);   // the model now differs from the file
            INDArray now = c.model().graph().outputSingle(false, c.model().preprocessing().apply(images()));
            assertClose(now, c.probabilities(images()));
            assertTrue(now.sub(expected).amaxNumber().doubleValue() > 1e-3, "training changed the outputs");
        }
    }

    private static void assertClose(INDArray expected, INDArray actual) {
        double d = expected.castTo(DataType.DOUBLE).sub(actual.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
        assertTrue(d <= 1e-5, "outputs differ by " + d);
    }

    private static Map<Path, FileTime> files(Path d, String suffix) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.filter(p -> p.toString().endsWith(suffix)).collect(Collectors.toMap(p -> p, p -> {
                try {
                    return Files.getLastModifiedTime(p);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }));
        }
    }
}
