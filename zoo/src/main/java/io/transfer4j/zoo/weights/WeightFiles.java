package io.transfer4j.zoo.weights;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * Any weight file into a model: tells the format from the file's content and hands it to the right loader.
 * <ul>
 * <li>{@link WeightFormat#KERAS_H5}: HDF5 signature → {@link KerasWeightsLoader}</li>
 * <li>{@link WeightFormat#DL4J_ZIP}: a zip with {@code configuration.json} and {@code coefficients.bin} →
 *     {@link Dl4jZipLoader} with the model's {@link Dl4jNameMap}</li>
 * <li>{@link WeightFormat#TRANSFER4J}: the same plus {@code transfer4j.json} (a model saved by transfer4j,
 *     whose layers already carry the zoo's names) → {@link Dl4jZipLoader} by identical names. Only the
 *     weights are taken; the transfer module's {@code ModelFile.load} restores the rest (frozen layers, ...)</li>
 * </ul>
 *
 * <pre>{@code
 * Network vgg = Zoo.vgg16().build();
 * LoadReport r = WeightFiles.load(Path.of("my-vgg16.h5"), null, "vgg16", vgg.graph(), LoadOptions.strict());
 * }</pre>
 */
public final class WeightFiles {
    /** The zip entry that marks a model saved by transfer4j (see the transfer module's ModelFile). */
    public static final String TRANSFER4J_METADATA = "transfer4j.json";
    /** The newest transfer4j model-file version this release reads (the transfer module's ModelFile writes it). */
    public static final int TRANSFER4J_FORMAT_VERSION = 2;
    private static final byte[] HDF5 = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

    private WeightFiles() {
    }

    /**
     * The format of {@code file}, from its content (not its name).
     *
     * @throws WeightLoadException when the file is missing, unreadable or of no known format
     */
    public static WeightFormat detect(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new WeightLoadException("weight file " + file + " does not exist (or is not a regular file); check the path");
        }
        byte[] head = new byte[8];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            throw new WeightLoadException("cannot read weight file " + file + ": " + e.getMessage() + "; check its permissions", e);
        }
        if (n == head.length && java.util.Arrays.equals(head, HDF5)) {
            return WeightFormat.KERAS_H5;
        }
        if (n >= 4 && head[0] == 'P' && head[1] == 'K') {
            Set<String> entries = entries(file);
            if (entries.contains(TRANSFER4J_METADATA)) {
                return WeightFormat.TRANSFER4J;
            }
            if (entries.contains(Dl4jZipLoader.CONFIGURATION) && entries.contains(Dl4jZipLoader.COEFFICIENTS)) {
                return WeightFormat.DL4J_ZIP;
            }
            throw new WeightLoadException(file + " is a zip archive but neither a DL4J nor a transfer4j model (entries: "
                    + LoadReport.abbreviate(java.util.List.copyOf(entries)) + ")");
        }
        throw new WeightLoadException(file + " is " + (n == 0 ? "empty" : "of no known weight format") + ": expected a Keras .h5"
                + " (HDF5), a DL4J model zip or a transfer4j model. If it was downloaded, it may be an error page or cut short:"
                + " delete it and fetch it again");
    }

    /**
     * Loads {@code file} into {@code graph}.
     *
     * @param expected the format the caller expects (a weight tag's), or null to accept any; a file of another
     *                 format is an error rather than a surprise
     * @param model    the zoo model name, which picks the DL4J name map ({@code vgg16}, {@code resnet50})
     */
    public static LoadReport load(Path file, WeightFormat expected, String model, ComputationGraph graph, LoadOptions options) {
        WeightFormat actual = detect(file);
        if (expected != null && expected != actual) {
            throw new WeightLoadException(file + " is a " + actual + " file but " + expected + " was expected;"
                    + " the file under this name is not the one the weight tag describes: delete it and fetch it again");
        }
        return switch (actual) {
            case KERAS_H5 -> KerasWeightsLoader.load(file, graph, options);
            case DL4J_ZIP -> Dl4jZipLoader.load(file, graph, Dl4jNameMap.forModel(model), options);
            case TRANSFER4J -> {
                checkTransfer4jVersion(file);
                yield Dl4jZipLoader.load(file, graph, Dl4jNameMap.identity(), options);
            }
        };
    }

    /** A model saved by a newer transfer4j may store things this release misreads: refuse it by name. */
    private static void checkTransfer4jVersion(Path file) {
        JsonNode meta;
        try (ZipFile z = new ZipFile(file.toFile())) {
            meta = new ObjectMapper().readTree(z.getInputStream(z.getEntry(TRANSFER4J_METADATA)));
        } catch (IOException | RuntimeException e) {
            throw new WeightLoadException("cannot read " + TRANSFER4J_METADATA + " in " + file + ": " + e.getMessage()
                    + "; the file is damaged: save the model again", e);
        }
        int version = meta.path("formatVersion").asInt(-1);
        if (version < 1) {
            throw new WeightLoadException(file + " has no valid formatVersion in " + TRANSFER4J_METADATA + " ("
                    + meta.path("formatVersion") + "); the file is damaged: save the model again");
        }
        if (version > TRANSFER4J_FORMAT_VERSION) {
            throw new WeightLoadException(file + " was saved by a newer transfer4j (model-file format version " + version
                    + "; this release reads up to " + TRANSFER4J_FORMAT_VERSION + "). Upgrade transfer4j to load it");
        }
    }

    private static Set<String> entries(Path zip) {
        Set<String> out = new TreeSet<>();
        try (ZipFile z = new ZipFile(zip.toFile())) {
            for (ZipEntry e : Collections.list(z.entries())) {
                out.add(e.getName());
            }
        } catch (ZipException e) {
            throw new WeightLoadException(zip + " starts like a zip archive but cannot be read as one (" + e.getMessage()
                    + "): it is truncated or corrupt. Delete it and fetch it again", e);
        } catch (IOException e) {
            throw new WeightLoadException("cannot read " + zip + ": " + e.getMessage(), e);
        }
        return out;
    }
}
