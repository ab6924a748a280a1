package io.transfer4j.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.transfer4j.zoo.Preprocessing;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;

class ModelFileTest {
    @TempDir
    Path dir;

    private static TransferModel trained() {
        TransferModel m = TransferModel.from(Nets.small(3)).optimizer(new Adam(1e-2))
                .freezeUpTo("bn1").newHead(Head.labels("cat", "dog", "fox").hidden(5))
                .lrMultiplier("conv2", 0.1)
                .preprocessing(Preprocessing.tf(8, 8))
                .recipe("epochs", 3).recipe("optimizer", "adam");
        Nets.fit(m.graph(), Nets.randomData(11, 16, 3), 2);
        return m;
    }

    @Test
    void roundTripKeepsOutputsLabelsPreprocessingFrozenStateAndRecipe() throws IOException {
        TransferModel m = trained();
        Path file = dir.resolve("m.t4j.zip");
        m.save(file);
        TransferModel back = TransferModel.load(file);
        DataSet d = Nets.randomData(12, 4, 3);
        assertEquals(m.output(d.getFeatures()), back.output(d.getFeatures()));
        assertEquals(List.of("cat", "dog", "fox"), back.labels());
        assertEquals(Preprocessing.tf(8, 8), back.preprocessing());
        assertEquals(Set.of("conv1", "bn1"), back.frozenLayers());
        assertEquals(0.1, back.lrMultiplier("conv2"));
        assertEquals(m.learningRate("conv2", 0, 0), back.learningRate("conv2", 0, 0), 1e-15);
        assertEquals(Map.of("epochs", "3", "optimizer", "adam"), back.recipe());
        assertEquals(m.inputShapes(), back.inputShapes());
        // still frozen: training the loaded model leaves the frozen layers bit-identical
        INDArray w = Nets.param(back.graph(), "conv1", "W");
        INDArray mean = Nets.param(back.graph(), "bn1", "mean");
        INDArray head = Nets.param(back.graph(), Head.OUTPUT, "W");
        Nets.fit(back.graph(), Nets.randomData(13, 16, 3), 2);
        assertEquals(w, back.graph().getLayer("conv1").getParam("W"));
        assertEquals(mean, back.graph().getLayer("bn1").getParam("mean"));
        assertTrue(!head.equals(back.graph().getLayer(Head.OUTPUT).getParam("W")), "the head still trains");
        // the file is also a plain DL4J model file
        ComputationGraph plain = ModelSerializer.restoreComputationGraph(file.toFile(), false);
        assertEquals(m.output(d.getFeatures()), plain.outputSingle(d.getFeatures()));
        try (ZipFile z = new ZipFile(file.toFile())) {
            String json = new String(z.getInputStream(z.getEntry(ModelFile.METADATA)).readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(json.contains("\"formatVersion\" : " + ModelFile.FORMAT_VERSION) && json.contains("\"trainBn\" : false"), json);
        }
    }

    @Test
    void trainBnAndUpdaterStateSurvive() {
        TransferModel m = TransferModel.from(Nets.small(3)).trainBn(true).freezeAllExcept("output1");
        Nets.fit(m.graph(), Nets.randomData(14, 8, 3), 1);
        Path file = dir.resolve("ckpt.zip");
        ModelFile.save(m, file, true);
        TransferModel back = ModelFile.load(file);
        assertTrue(back.trainBn());
        assertEquals(m.frozenLayers(), back.frozenLayers());
        INDArray state = m.graph().getUpdater().getStateViewArray();
        assertTrue(state.sumNumber().doubleValue() != 0 && state.equals(back.graph().getUpdater().getStateViewArray()),
                "Adam's moments must come back from the file");
    }

    /** Rewrites the metadata entry of a model file (other entries copied). */
    private static void rewriteMetadata(Path in, Path out, String from, String to) throws IOException {
        try (ZipFile z = new ZipFile(in.toFile()); ZipOutputStream zo = new ZipOutputStream(Files.newOutputStream(out))) {
            for (ZipEntry e : java.util.Collections.list(z.entries())) {
                byte[] b = z.getInputStream(e).readAllBytes();
                if (e.getName().equals(ModelFile.METADATA)) {
                    b = new String(b, StandardCharsets.UTF_8).replace(from, to).getBytes(StandardCharsets.UTF_8);
                }
                zo.putNextEntry(new ZipEntry(e.getName()));
                zo.write(b);
                zo.closeEntry();
            }
        }
    }

    @Test
    void newerFormatVersionIsRefusedNamingTheVersionAndTheFix() throws IOException {
        Path file = dir.resolve("m.zip");
        trained().save(file);
        Path newer = dir.resolve("newer.zip");
        rewriteMetadata(file, newer, "\"formatVersion\" : " + ModelFile.FORMAT_VERSION, "\"formatVersion\" : 7");
        ModelFileException e = assertThrows(ModelFileException.class, () -> TransferModel.load(newer));
        assertTrue(e.getMessage().contains("version 7") && e.getMessage().contains("Upgrade transfer4j")
                && e.getMessage().contains("newer.zip"), e.getMessage());
        Path badLayer = dir.resolve("bad-layer.zip");
        rewriteMetadata(file, badLayer, "\"bn1\"", "\"bn9\"");
        e = assertThrows(ModelFileException.class, () -> TransferModel.load(badLayer));
        assertTrue(e.getMessage().contains("bn9") && e.getMessage().contains("bad-layer.zip"), e.getMessage());
    }

    /** Model files are read in place, never extracted: an entry named ../../x writes nothing anywhere. */
    @Test
    void zipSlipEntriesInAModelFileWriteNothing() throws IOException {
        Path file = dir.resolve("m.zip");
        TransferModel m = trained();
        m.save(file);
        Path work = Files.createDirectories(dir.resolve("a/b"));
        Path evil = work.resolve("evil.zip");
        try (ZipFile z = new ZipFile(file.toFile()); ZipOutputStream zo = new ZipOutputStream(Files.newOutputStream(evil))) {
            zo.putNextEntry(new ZipEntry("../../slipped.txt"));
            zo.write("owned".getBytes(StandardCharsets.UTF_8));
            for (ZipEntry e : java.util.Collections.list(z.entries())) {
                zo.putNextEntry(new ZipEntry(e.getName()));
                zo.write(z.getInputStream(e).readAllBytes());
            }
        }
        DataSet d = Nets.randomData(12, 4, 3);
        assertEquals(m.output(d.getFeatures()), TransferModel.load(evil).output(d.getFeatures()));
        assertEquals(false, Files.exists(dir.resolve("slipped.txt")));
        assertEquals(false, Files.exists(work.resolve("slipped.txt")));
    }

    /** DL4J would Java-deserialize a preprocessor.bin entry (JavaSerializationGuard): refused before it reads. */
    @Test
    void aJavaSerializedEntryIsRefusedBeforeDl4jDeserializesIt() throws IOException {
        Path file = dir.resolve("m.zip");
        trained().save(file);
        Path armed = dir.resolve("armed.zip");
        try (ZipFile z = new ZipFile(file.toFile()); ZipOutputStream zo = new ZipOutputStream(Files.newOutputStream(armed))) {
            for (ZipEntry e : java.util.Collections.list(z.entries())) {
                zo.putNextEntry(new ZipEntry(e.getName()));
                zo.write(z.getInputStream(e).readAllBytes());
            }
            zo.putNextEntry(new ZipEntry("preprocessor.bin"));
            zo.write(DeserializationTripwire.serialized());
        }
        DeserializationTripwire.READS.set(0);
        ModelFileException e = assertThrows(ModelFileException.class, () -> TransferModel.load(armed));
        assertTrue(e.getMessage().contains("armed.zip") && e.getMessage().contains("'preprocessor.bin'")
                && e.getMessage().contains("Java deserialization"), e.getMessage());
        assertEquals(0, DeserializationTripwire.READS.get(), "the planted object was deserialized");
    }

    @Test
    void truncatedCorruptAndForeignFilesAreRefusedNamingTheFile() throws IOException {
        Path file = dir.resolve("m.zip");
        trained().save(file);
        byte[] all = Files.readAllBytes(file);
        for (int cut : new int[] {10, all.length / 2, all.length - 30}) {
            Path t = dir.resolve("truncated-" + cut + ".zip");
            Files.write(t, java.util.Arrays.copyOf(all, cut));
            ModelFileException e = assertThrows(ModelFileException.class, () -> TransferModel.load(t));
            assertTrue(e.getMessage().contains(t.toString()) && e.getMessage().contains("truncated or corrupt"), e.getMessage());
        }
        byte[] flipped = all.clone();
        for (int i = all.length / 2; i < all.length / 2 + 64; i++) {
            flipped[i] ^= 0x5A;
        }
        Path c = dir.resolve("corrupt.zip");
        Files.write(c, flipped);
        ModelFileException e = assertThrows(ModelFileException.class, () -> TransferModel.load(c));
        assertTrue(e.getMessage().contains("corrupt.zip"), e.getMessage());
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "hello");
        assertTrue(assertThrows(ModelFileException.class, () -> TransferModel.load(text)).getMessage().contains("notes.txt"));
        Path plain = dir.resolve("plain-dl4j.zip");
        ModelSerializer.writeModel(Nets.small(2).graph(), plain.toFile(), false);
        e = assertThrows(ModelFileException.class, () -> TransferModel.load(plain));
        assertTrue(e.getMessage().contains("plain DL4J model") && e.getMessage().contains("TransferModel.from"), e.getMessage());
        e = assertThrows(ModelFileException.class, () -> TransferModel.load(dir.resolve("missing.zip")));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    /** Throws "No space left on device" once {@code limit} bytes went through, like a full disk. */
    private static OutputStream diskFullAfter(OutputStream out, long limit) {
        return new FilterOutputStream(out) {
            long written;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (written + len > limit) {
                    throw new IOException("No space left on device");
                }
                written += len;
                out.write(b, off, len);
            }
        };
    }

    @Test
    void diskFullWhileSavingLeavesThePreviousFileIntactAndNoTemporaryFiles() throws IOException {
        Path file = dir.resolve("model.zip");
        TransferModel first = trained();
        first.save(file);
        byte[] before = Files.readAllBytes(file);
        TransferModel second = TransferModel.from(Nets.small(3)).newHead(Head.classes(2));
        for (long limit : new long[] {0, 200, before.length / 2}) {
            ModelFileException e = assertThrows(ModelFileException.class,
                    () -> ModelFile.save(second, file, false, out -> diskFullAfter(out, limit)));
            assertTrue(e.getMessage().contains("No space left") && e.getMessage().contains("unchanged")
                    && e.getMessage().contains(file.toString()), e.getMessage());
            assertArrayEquals(before, Files.readAllBytes(file));
            try (var files = Files.list(dir)) {
                assertEquals(List.of(file), files.toList(), "no temporary file may be left behind");
            }
        }
        DataSet d = Nets.randomData(15, 2, 3);
        assertEquals(first.output(d.getFeatures()), TransferModel.load(file).output(d.getFeatures()));
    }
}
