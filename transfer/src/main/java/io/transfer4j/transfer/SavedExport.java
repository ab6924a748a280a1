package io.transfer4j.transfer;

import io.transfer4j.transfer.io.AtomicFiles;
import io.transfer4j.transfer.onnx.Engine;
import io.transfer4j.transfer.train.EngineForward;
import io.transfer4j.zoo.Preprocessing;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.IntStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.node.ObjectNode;

/**
 * A saved model file's ONNX Runtime prediction without building its DL4J graph. A file that references its frozen
 * trunk ({@link FrozenWeights}) holds its metadata, configuration and own (head) weights: kilobytes, hashed in
 * milliseconds. The first prediction on ONNX Runtime builds the graph as usual (reading and checking the trunk's
 * 94 MB for a ResNet50, exporting or finding the trunk's export) and then records, in the export cache, under
 * that hash of the file's content: the export's file name, the trunk/head boundary, the head's vertices and the
 * facts the graph told (class count, multi-label). Every later prediction with the same file content opens the
 * export on ONNX Runtime directly and builds only the head (a few vertices) from the file's configuration and
 * weights: no trunk graph, no 94 MB read or hashed, no export key computed. A changed file (other head weights,
 * labels, configuration, trunk reference) has another hash, so it is never served another file's record.
 *
 * <pre>{@code
 * SavedExport s = SavedExport.read(Path.of("roads.zip"), cacheDir);   // null: not a referencing model file
 * if (s.hit()) { try (EngineForward f = s.open()) { f.apply(preprocessed); } }
 * }</pre>
 */
final class SavedExport {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Bump when the record's meaning changes: older records are then simply not found. */
    private static final String VERSION = "saved-export-1";

    private final Path file;
    private final Path cacheDir;
    private final JsonNode meta;
    private final byte[] conf;
    private final byte[] own;
    private final String key;
    private final JsonNode record;   // null: nothing recorded for this content yet

    private SavedExport(Path file, Path cacheDir, JsonNode meta, byte[] conf, byte[] own, String key, JsonNode record) {
        this.file = file;
        this.cacheDir = cacheDir;
        this.meta = meta;
        this.conf = conf;
        this.own = own;
        this.key = key;
        this.record = record;
    }

    /**
     * The file's content and its record in {@code cacheDir}, if any; null when the file is not a model file that
     * references its frozen weights or cannot be read (loading it the usual way then reports what is wrong).
     */
    static SavedExport read(Path file, Path cacheDir) {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            byte[] metaBytes = entry(zip, ModelFile.METADATA);
            byte[] conf = entry(zip, ModelFile.CONFIGURATION);
            byte[] own = entry(zip, ModelFile.OWN_PARAMS);
            if (metaBytes == null || conf == null || own == null) {
                return null;
            }
            JsonNode meta = JSON.readTree(metaBytes);
            ModelFile.checkVersion(file, meta);
            if (!meta.has("frozenWeights") || !meta.has("preprocessing")) {
                return null;
            }
            String key = key(metaBytes, conf, own);
            Path r = cacheDir.resolve("file-" + key + ".json");
            JsonNode record = Files.isRegularFile(r) ? JSON.readTree(r.toFile()) : null;
            if (record != null && !Files.isRegularFile(cacheDir.resolve(record.path("export").asText()))) {
                record = null;   // the export was cleaned away: build and export again
            }
            return new SavedExport(file, cacheDir, meta, conf, own, key, record);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Whether an earlier run recorded this content's export (and it is still there). */
    boolean hit() {
        return record != null && Engine.onnxRuntimeAvailable();
    }

    String name() {
        return meta.path("name").asText("model");
    }

    Preprocessing preprocessing() {
        return ModelFile.preprocessing(meta.path("preprocessing"));
    }

    /** The labels saved, or "0".."n-1" (what {@link TransferModel#labels()} gives); needs {@link #hit()}. */
    List<String> labels() {
        if (meta.path("labels").isArray()) {
            List<String> out = new ArrayList<>();
            meta.path("labels").forEach(l -> out.add(l.asText()));
            return out;
        }
        return IntStream.range(0, record.path("classCount").asInt()).mapToObj(Integer::toString).toList();
    }

    /** Needs {@link #hit()}. */
    boolean multiLabel() {
        return record.path("multiLabel").asBoolean();
    }

    /** A multi-label model's thresholds as saved, else 0.5 each; needs {@link #hit()}. */
    double[] thresholds() {
        double[] saved = ModelFile.thresholds(meta);
        return saved != null ? saved : IntStream.range(0, record.path("classCount").asInt()).mapToDouble(i -> 0.5).toArray();
    }

    /**
     * The forward pass from the recorded export, the head built from this file's configuration and weights. ONNX
     * Runtime starts (native library, session with its graph optimisation) on another thread while this one builds
     * the head (ND4J's natives, DL4J): on two cores that hides most of the shorter of the two.
     */
    EngineForward open() {
        Path export = cacheDir.resolve(record.path("export").asText());
        String output = record.path("output").asText();
        CompletableFuture<Engine> ort = CompletableFuture.supplyAsync(() -> Engine.onnxRuntime(export, output));
        ComputationGraph head = null;
        try {
            List<String> vertices = new ArrayList<>();
            record.path("head").forEach(v -> vertices.add(v.asText()));
            if (!vertices.isEmpty()) {
                head = EngineForward.headOf(new String(conf, StandardCharsets.UTF_8), output, vertices);
                if (!FrozenWeights.assign(head, ownLayers(), own)) {
                    throw new ModelFileException(file, "model file " + file + ": " + ModelFile.OWN_PARAMS + " does not fit the layers "
                            + ownLayers(), null);
                }
            }
        } catch (RuntimeException e) {
            ort.thenAccept(Engine::close);
            throw e;
        }
        try {
            return EngineForward.of(ort.join(), head);
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /**
     * Records how {@code f} runs {@code loaded}, the model just read from this file and not changed since, for the
     * next process; nothing when it does not run on ONNX Runtime or its head's weights are not exactly the file's own.
     */
    void record(TransferModel loaded, EngineForward f) {
        if (f.kind() != Engine.Kind.ONNX_RUNTIME || f.exportFile() == null
                || !f.exportFile().toAbsolutePath().getParent().equals(cacheDir.toAbsolutePath())) {
            return;
        }
        ComputationGraph g = loaded.graph();
        if (outputsMap(loaded)) {
            return;   // predict prints a score map for it, from the loaded model
        }
        if (f.head() != null) {
            LinkedHashSet<String> headParams = new LinkedHashSet<>();
            f.headVertices().stream().filter(v -> f.head().getLayer(v) != null && f.head().getLayer(v).numParams() > 0)
                    .forEach(headParams::add);
            if (!headParams.equals(new LinkedHashSet<>(ownLayers()))) {
                return;   // e.g. a frozen layer after the trainable ones: its weights are in the trunk store
            }
        }
        ObjectNode r = JSON.createObjectNode();
        r.put("version", VERSION);
        r.put("model", file.toAbsolutePath().toString());   // for people looking into the cache; not used
        r.put("export", f.exportFile().getFileName().toString());
        r.put("output", f.boundary() != null ? f.boundary() : g.getConfiguration().getNetworkOutputs().get(0));
        f.headVertices().forEach(r.putArray("head")::add);
        r.put("classCount", loaded.classCount());
        r.put("multiLabel", loaded.isMultiLabel());
        try {
            byte[] bytes = JSON.writeValueAsBytes(r);
            AtomicFiles.write(cacheDir.resolve("file-" + key + ".json"), out -> out.write(bytes));
        } catch (IOException e) {
            // a cache that cannot be written only costs the next run the full load
            org.slf4j.LoggerFactory.getLogger(SavedExport.class).debug("cannot record the export of {}: {}", file, e.toString());
        }
    }

    /** Whether the model's output is a map of class scores (a convolutionalized model). */
    static boolean outputsMap(TransferModel m) {
        var conf = m.graph().getConfiguration();
        return GraphSurgery.types(conf, m.inputShapes()).get(conf.getNetworkOutputs().get(0)) instanceof InputType.InputTypeConvolutional;
    }

    private List<String> ownLayers() {
        List<String> out = new ArrayList<>();
        meta.path("ownLayers").forEach(l -> out.add(l.asText()));
        return out;
    }

    /** SHA-256 of everything the file says about its output: metadata (the trunk's SHA-256 included), configuration, own weights. */
    private static String key(byte[]... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(VERSION.getBytes(StandardCharsets.UTF_8));
            for (byte[] p : parts) {
                md.update(Long.toString(p.length).getBytes(StandardCharsets.UTF_8));
                md.update((byte) '|');
                md.update(p);
            }
            return HexFormat.of().formatHex(md.digest()).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    private static byte[] entry(ZipFile zip, String name) throws IOException {
        ZipEntry e = zip.getEntry(name);
        if (e == null) {
            return null;
        }
        try (InputStream in = zip.getInputStream(e)) {
            return in.readAllBytes();
        }
    }
}
