package io.transfer4j.zoo.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;

/**
 * DL4J's ModelSerializer Java-deserializes a {@code preprocessor.bin} entry; transfer4j refuses such zips
 * before ModelSerializer sees them. A tripwire object counts how often its readObject ran.
 */
class JavaDeserializationTest {

    /** Stands for a deserialization gadget: its readObject is code that runs while the file is read. */
    public static final class Tripwire implements DataSetPreProcessor {
        static final AtomicInteger READS = new AtomicInteger();
        private static final long serialVersionUID = 1L;

        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            READS.incrementAndGet();
            in.defaultReadObject();
        }

        @Override
        public void preProcess(DataSet ds) {
        }
    }

    @TempDir
    Path dir;

    @BeforeEach
    void reset() {
        Tripwire.READS.set(0);
    }

    /** A valid DL4J zip of a small graph, plus a {@code preprocessor.bin} holding a serialized Tripwire. */
    static Path armedZip(Path clean, Path out) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream o = new ObjectOutputStream(bytes)) {
            o.writeObject(new Tripwire());
        }
        try (ZipFile in = new ZipFile(clean.toFile()); OutputStream os = Files.newOutputStream(out);
             ZipOutputStream zip = new ZipOutputStream(os)) {
            for (ZipEntry e : Collections.list(in.entries())) {
                zip.putNextEntry(new ZipEntry(e.getName()));
                zip.write(in.getInputStream(e).readAllBytes());
            }
            zip.putNextEntry(new ZipEntry("preprocessor.bin"));
            zip.write(bytes.toByteArray());
        }
        return out;
    }

    private Path armed() throws IOException {
        Path clean = dir.resolve("clean.zip");
        ModelSerializer.writeModel(Dl4jZipLoaderTest.miniResNet(true).graph(), clean.toFile(), false);
        return armedZip(clean, dir.resolve("armed.zip"));
    }

    /** The finding behind the guard: DL4J alone runs the object's readObject while restoring the graph. */
    @Test
    void modelSerializerAloneRunsJavaDeserializationOnPreprocessorBin() throws IOException {
        ModelSerializer.restoreComputationGraph(armed().toFile(), false);
        assertEquals(1, Tripwire.READS.get());
    }

    @Test
    void aDl4jZipWithAJavaSerializedEntryIsRefusedBeforeDl4jReadsIt() throws IOException {
        Path zip = armed();
        WeightLoadException e = assertThrows(WeightLoadException.class, () -> Dl4jZipLoader.load(zip,
                Dl4jZipLoaderTest.miniResNet(false), Dl4jNameMap.resnet50(), LoadOptions.strict()));
        assertTrue(e.getMessage().contains(zip.toString()) && e.getMessage().contains("'preprocessor.bin'")
                && e.getMessage().contains("Java deserialization"), e.getMessage());
        assertEquals(0, Tripwire.READS.get(), "the object was deserialized");
    }

    @Test
    void filesWrittenByModelSerializerPassTheGuard() throws IOException {
        Path clean = dir.resolve("clean.zip");
        ModelSerializer.writeModel(Dl4jZipLoaderTest.miniResNet(true).graph(), clean.toFile(), true);
        try (java.io.InputStream in = Files.newInputStream(clean)) {
            assertEquals(Optional.empty(), JavaSerializationGuard.problem("clean.zip", in));
        }
        assertFalse(JavaSerializationGuard.problem("x", new ByteArrayInputStream(Files.readAllBytes(armed()))).isEmpty());
    }
}
