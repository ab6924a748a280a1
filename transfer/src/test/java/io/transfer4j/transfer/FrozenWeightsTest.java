package io.transfer4j.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.transfer4j.dsl.Network;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Model files that reference their frozen weights (kept once in the local store) instead of copying them: same
 * outputs after loading, a file of kilobytes, one store file shared by models with the same trunk, and a clear
 * error naming the store file when it is missing or its bytes differ; --standalone files carry everything.
 */
class FrozenWeightsTest {
    @TempDir
    Path dir;
    @org.junit.jupiter.api.extension.RegisterExtension
    final PrivateHome home = new PrivateHome(() -> dir.resolve("home"));

    /** A 1024 -> 1024 frozen dense trunk (just over FrozenWeights.MIN_VALUES) and a trained 3-class head. */
    private static TransferModel model(long seed) {
        Network net = Network.builder("wide").seed(seed).inputVector(1024)
                .dense(1024).act(Activation.RELU).name("trunk")
                .dense(16).act(Activation.RELU).name("hidden")
                .output(3).name("out").build();
        return TransferModel.from(net).freezeUpTo("trunk");
    }

    private static INDArray input() {
        Nd4j.getRandom().setSeed(5);
        return Nd4j.rand(DataType.FLOAT, 4, 1024);
    }

    private Path store() {
        return dir.resolve("home").resolve("frozen-weights");
    }

    private List<Path> storeFiles() throws IOException {
        try (Stream<Path> s = Files.list(store())) {
            return s.filter(p -> p.toString().endsWith(".bin")).toList();
        }
    }

    @Test
    void referencingFileIsSmallLoadsTheSameModelAndSharesTheStoreFile() throws IOException {
        TransferModel m = model(1);
        Path file = dir.resolve("m.zip");
        m.save(file);
        assertTrue(Files.size(file) < 100_000, "the file holds only the head: " + Files.size(file) + " bytes");
        try (ZipFile z = new ZipFile(file.toFile())) {
            assertNull(z.getEntry("coefficients.bin"), "no copy of the frozen weights");
        }
        assertEquals(1, storeFiles().size());
        TransferModel back = ModelFile.load(file);
        assertEquals(m.graph().params(), back.graph().params());
        assertTrue(back.isFrozen("trunk"));
        assertEquals(m.output(input()), back.output(input()));

        Path second = dir.resolve("m2.zip");
        m.save(second);                                      // same trunk: the same store file, nothing new
        assertEquals(1, storeFiles().size());

        Path standalone = dir.resolve("standalone.zip");
        ModelFile.saveStandalone(m, standalone);
        try (ZipFile z = new ZipFile(standalone.toFile())) {
            assertNotNull(z.getEntry("coefficients.bin"), "--standalone embeds every weight");
        }
        Files.delete(storeFiles().get(0));
        assertEquals(m.graph().params(), ModelFile.load(standalone).graph().params(), "a standalone file needs no store");
    }

    @Test
    void missingOrChangedStoreFileIsAClearError() throws IOException {
        Path file = dir.resolve("m.zip");
        model(2).save(file);
        Path stored = storeFiles().get(0);
        byte[] bytes = Files.readAllBytes(stored);
        bytes[100] ^= 1;
        Files.write(stored, bytes);
        ModelFileException changed = assertThrows(ModelFileException.class, () -> ModelFile.load(file));
        assertTrue(changed.getMessage().contains(stored.toString()) && changed.getMessage().contains("differ"), changed.getMessage());

        Files.delete(stored);
        ModelFileException missing = assertThrows(ModelFileException.class, () -> ModelFile.load(file));
        assertTrue(missing.getMessage().contains(stored.toString()) && missing.getMessage().contains("missing")
                && missing.getMessage().contains("--standalone"), missing.getMessage());
    }
}
