package io.transfer4j.zoo.weights;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Refuses DL4J model zips that would make {@code ModelSerializer} run Java deserialization.
 *
 * <p>Why: in DL4J 1.0.0-M2.1 every {@code ModelSerializer.restoreComputationGraph} (and
 * {@code restoreMultiLayerNetwork}) reads a {@code preprocessor.bin} entry, when the zip has one, with
 * {@code ObjectInputStream.readObject()} (seen with {@code javap -c}: {@code restoreComputationGraphHelper}).
 * A crafted file can therefore run code while it is being "loaded as weights". DL4J's own
 * {@code writeModel} never writes that entry, so refusing it costs no legitimate file. transfer4j calls
 * this before every {@code restoreComputationGraph} (DL4J zips, model files, checkpoints).
 *
 * <p>The entries are listed with {@link ZipInputStream}, the reader {@code ModelSerializer} itself uses
 * (local headers, not the central directory), so a zip cannot hide the entry from this check.
 *
 * <pre>{@code
 * try (InputStream in = Files.newInputStream(zip)) {
 *     JavaSerializationGuard.problem(zip.toString(), in).ifPresent(m -> { throw new IllegalArgumentException(m); });
 * }
 * }</pre>
 */
public final class JavaSerializationGuard {

    /** Entries {@code ModelSerializer.restoreComputationGraph} would read with {@code ObjectInputStream}. */
    public static final Set<String> JAVA_SERIALIZED_ENTRIES = Set.of("preprocessor.bin");

    private JavaSerializationGuard() {
    }

    /**
     * Reads the zip in {@code in} to its end and says what is wrong if it holds an entry that DL4J would
     * deserialize with Java serialization; empty when the zip is safe to hand to {@code ModelSerializer}.
     *
     * @param file how the file is named in the message
     * @throws IOException if the stream cannot be read as a zip (callers report it as a damaged file)
     */
    public static Optional<String> problem(String file, InputStream in) throws IOException {
        ZipInputStream zip = new ZipInputStream(in);
        for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
            if (JAVA_SERIALIZED_ENTRIES.contains(e.getName())) {
                return Optional.of(file + " contains '" + e.getName() + "', which DL4J's ModelSerializer reads with Java"
                        + " deserialization (ObjectInputStream), a way to run code hidden in a model file. transfer4j"
                        + " refuses to load it. DL4J's ModelSerializer.writeModel never writes this entry: if the file is"
                        + " yours, load it in a trusted environment and save it again; otherwise, do not use it");
            }
        }
        return Optional.empty();
    }
}
