package io.transfer4j.transfer;

import io.transfer4j.dsl.PhaseTimes;
import io.transfer4j.dsl.Shape;
import io.transfer4j.transfer.io.AtomicFiles;
import io.transfer4j.zoo.ModelInfo;
import io.transfer4j.zoo.Preprocessing;
import io.transfer4j.zoo.weights.JavaSerializationGuard;
import io.transfer4j.zoo.weights.WeightFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.SerializationFeature;
import org.nd4j.shade.jackson.databind.node.ArrayNode;
import org.nd4j.shade.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one-file model format: a zip that is a regular DL4J model file ({@code configuration.json},
 * {@code coefficients.bin}, optionally {@code updaterState.bin}, all written by {@link ModelSerializer})
 * plus {@code transfer4j.json}: format version, name, input shapes, labels (and a multi-label model's thresholds),
 * preprocessing, frozen layers and BatchNorm mode, learning-rate multipliers, zoo metadata and the training recipe. Plain JSON, no Java
 * serialization. Written atomically (see {@link AtomicFiles}); loading re-applies the recorded frozen state.
 *
 * <pre>{@code
 * ModelFile.save(model, Path.of("roads.zip"));
 * TransferModel again = ModelFile.load(Path.of("roads.zip"));
 * }</pre>
 */
public final class ModelFile {
    /**
     * Version written by this release; files with a larger number are refused. 2: a DSL softmax on a feature map
     * is saved as {@code AxisSoftmax} (channels); version-1 files load unchanged, with a note per softmax over the
     * width (see {@link FormatNotes}).
     */
    public static final int FORMAT_VERSION = WeightFiles.TRANSFER4J_FORMAT_VERSION;
    /** Zip entry holding transfer4j's metadata. */
    public static final String METADATA = WeightFiles.TRANSFER4J_METADATA;
    private static final String FORMAT = "transfer4j-model";
    private static final Logger LOG = LoggerFactory.getLogger(ModelFile.class);
    static final String CONFIGURATION = "configuration.json";
    static final String OWN_PARAMS = "own-params.bin";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ModelFile() {
    }

    /**
     * Saves weights and metadata (no optimizer state: a model for prediction or further fine-tuning). A model with a
     * large frozen trunk keeps the trunk's weights once in the local store ({@link FrozenWeights}) and the file
     * references them by SHA-256: it holds only the trained layers, saves and loads fast, and loads on this machine
     * (offline too); {@link #saveStandalone} writes a file that carries everything.
     */
    public static void save(TransferModel model, Path file) {
        PhaseTimes.time("save", () -> save(model, file, false, false, UnaryOperator.identity()));
    }

    /** Saves with every weight inside the file, frozen ones included: a file to copy to another machine. */
    public static void saveStandalone(TransferModel model, Path file) {
        PhaseTimes.time("save", () -> save(model, file, false, true, UnaryOperator.identity()));
    }

    /** Saves standalone, with the optimizer state too when {@code withUpdater} (checkpoints that resume training). */
    public static void save(TransferModel model, Path file, boolean withUpdater) {
        PhaseTimes.time("save", () -> save(model, file, withUpdater, true, UnaryOperator.identity()));
    }

    static void save(TransferModel model, Path file, boolean withUpdater, UnaryOperator<OutputStream> decorator) {
        save(model, file, withUpdater, true, decorator);
    }

    private static void save(TransferModel model, Path file, boolean withUpdater, boolean standalone, UnaryOperator<OutputStream> decorator) {
        Path dl4j = null;
        try {
            FrozenWeights ref = standalone || withUpdater ? null : FrozenWeights.store(model.graph(), FrozenWeights.home());
            if (ref != null) {
                ObjectNode meta = metadata(model, false);
                ObjectNode r = meta.putObject("frozenWeights");
                r.put("sha256", ref.sha256).put("bytes", ref.bytes);
                ref.layers.forEach(r.putArray("layers")::add);
                List<String> own = FrozenWeights.ownLayers(model.graph(), ref.layers);
                own.forEach(meta.putArray("ownLayers")::add);
                byte[] metaBytes = JSON.writeValueAsBytes(meta);
                byte[] conf = model.graph().getConfiguration().toJson().getBytes(StandardCharsets.UTF_8);
                byte[] params = FrozenWeights.bytes(model.graph(), own);
                AtomicFiles.write(file, out -> writeReferencing(decorator.apply(out), metaBytes, conf, params));
                return;
            }
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            dl4j = Files.createTempFile(dir, "." + file.getFileName() + ".", ".dl4j.tmp");
            ModelSerializer.writeModel(model.graph(), dl4j.toFile(), withUpdater);
            byte[] meta = JSON.writeValueAsBytes(metadata(model, withUpdater));
            Path src = dl4j;
            AtomicFiles.write(file, out -> writeZip(src, meta, decorator.apply(out)));
        } catch (IOException | RuntimeException e) {
            throw new ModelFileException(file, "could not save model '" + model.name() + "' to " + file + ": " + e
                    + "; the previous file there (if any) is unchanged. Check free disk space and permissions.", e);
        } finally {
            if (dl4j != null) {
                try {
                    Files.deleteIfExists(dl4j);
                } catch (IOException ignored) {
                    // a leftover hidden temp file is harmless; the save result stands
                }
            }
        }
    }

    /** A referencing file: metadata, the DL4J configuration and the own layers' raw values (no coefficients.bin). */
    private static void writeReferencing(OutputStream out, byte[] meta, byte[] conf, byte[] params) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(out);
        String[] names = {METADATA, CONFIGURATION, OWN_PARAMS};
        byte[][] contents = {meta, conf, params};
        for (int i = 0; i < names.length; i++) {
            zip.putNextEntry(new ZipEntry(names[i]));
            zip.write(contents[i]);
            zip.closeEntry();
        }
        zip.finish();
    }

    /** Our metadata first, then DL4J's entries copied STORED (weights barely compress; no second deflate). */
    private static void writeZip(Path dl4jZip, byte[] meta, OutputStream out) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(out);
        zip.putNextEntry(new ZipEntry(METADATA));
        zip.write(meta);
        zip.closeEntry();
        try (ZipFile src = new ZipFile(dl4jZip.toFile())) {
            for (Enumeration<? extends ZipEntry> en = src.entries(); en.hasMoreElements(); ) {
                ZipEntry e = en.nextElement();
                ZipEntry copy = new ZipEntry(e.getName());
                copy.setMethod(ZipEntry.STORED);
                copy.setSize(e.getSize());
                copy.setCompressedSize(e.getSize());
                copy.setCrc(e.getCrc());
                zip.putNextEntry(copy);
                try (InputStream in = src.getInputStream(e)) {
                    in.transferTo(zip);
                }
                zip.closeEntry();
            }
        }
        zip.finish();
    }

    private static ObjectNode metadata(TransferModel m, boolean withUpdater) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("formatVersion", FORMAT_VERSION);
        root.put("name", m.name());
        ArrayNode shapes = root.putArray("inputShapes");
        m.inputShapes().forEach(s -> shapes.add(shape(s)));
        if (m.labelsOrNull() != null) {
            ArrayNode l = root.putArray("labels");
            m.labelsOrNull().forEach(l::add);
        }
        if (m.preprocessing() != null) {
            root.set("preprocessing", preprocessing(m.preprocessing()));
        }
        if (m.isMultiLabel()) {
            ArrayNode t = root.putArray("thresholds");
            java.util.Arrays.stream(m.thresholds()).forEach(t::add);
        }
        ArrayNode f = root.putArray("frozen");
        m.settings().frozenIntent().forEach(f::add);
        root.put("trainBn", m.trainBn());
        ObjectNode lr = root.putObject("lrMultipliers");
        m.settings().rates().asMap().forEach(lr::put);
        ObjectNode r = root.putObject("recipe");
        m.recipe().forEach(r::put);
        m.info().ifPresent(i -> {
            ObjectNode n = root.putObject("info");
            n.put("name", i.name());
            n.set("inputShape", shape(i.inputShape()));
            n.put("numClasses", i.numClasses());
            n.put("classifierLayer", i.classifierLayer());
            n.put("featureLayer", i.featureLayer());
            n.put("featureWidth", i.featureWidth());
            if (i.preprocessing() != null) {
                n.set("preprocessing", preprocessing(i.preprocessing()));
            }
        });
        root.put("updaterState", withUpdater);
        return root;
    }

    private static ObjectNode shape(Shape s) {
        ObjectNode n = JSON.createObjectNode();
        if (s.image()) {
            n.put("height", s.height()).put("width", s.width()).put("channels", s.channels());
        } else {
            n.put("size", s.size());
        }
        return n;
    }

    private static ObjectNode preprocessing(Preprocessing p) {
        ObjectNode n = JSON.createObjectNode();
        n.put("height", p.height()).put("width", p.width()).put("channels", p.channels()).put("bgr", p.bgr()).put("scale", p.scale());
        ArrayNode mean = n.putArray("mean");
        ArrayNode std = n.putArray("std");
        for (int c = 0; c < p.channels(); c++) {
            mean.add(p.mean()[c]);
            std.add(p.std()[c]);
        }
        return n;
    }

    // ---- loading ------------------------------------------------------------------------------------

    /** Loads a model file: weights, optimizer state if saved, labels, preprocessing, frozen state, recipe. */
    public static TransferModel load(Path file) {
        return PhaseTimes.time("load model", () -> read(file));
    }

    private static TransferModel read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ModelFileException(file, "model file " + file + " does not exist (or is not a file)", null);
        }
        JsonNode meta;
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry e = zip.getEntry(METADATA);
            if (e == null) {
                String hint = zip.getEntry("configuration.json") != null
                        ? "it is a plain DL4J model; load it with ModelSerializer.restoreComputationGraph and wrap it with TransferModel.from(graph, inputShape)"
                        : "it is a zip but not a model file";
                throw new ModelFileException(file, file + " is not a transfer4j model file (no " + METADATA + " entry): " + hint, null);
            }
            try (InputStream in = zip.getInputStream(e)) {
                meta = JSON.readTree(in);
            }
        } catch (ZipException e) {
            throw corrupt(file, e);
        } catch (IOException e) {
            throw corrupt(file, e);
        }
        checkVersion(file, meta);
        Optional<String> unsafe;
        try (InputStream in = Files.newInputStream(file)) {
            unsafe = JavaSerializationGuard.problem(file.toString(), in);
        } catch (IOException e) {
            throw corrupt(file, e);
        }
        if (unsafe.isPresent()) {
            throw new ModelFileException(file, unsafe.get(), null);
        }
        ComputationGraph graph;
        try {
            graph = meta.has("frozenWeights") ? referencing(file, meta)
                    : ModelSerializer.restoreComputationGraph(file.toFile(), meta.path("updaterState").asBoolean(false));
        } catch (ModelFileException e) {
            throw e;
        } catch (Exception | OutOfMemoryError e) {
            throw corrupt(file, e);
        }
        try {
            return rebuild(file, meta, graph);
        } catch (RuntimeException e) {
            throw new ModelFileException(file, "model file " + file + " has inconsistent metadata: " + e.getMessage(), e);
        }
    }

    /** The graph of a file that references its frozen weights: configuration, own layers, then the verified store file. */
    private static ComputationGraph referencing(Path file, JsonNode meta) throws IOException {
        byte[] conf;
        byte[] own;
        try (ZipFile zip = new ZipFile(file.toFile())) {
            conf = entry(zip, CONFIGURATION, file);
            own = entry(zip, OWN_PARAMS, file);
        }
        ComputationGraphConfiguration c = ComputationGraphConfiguration.fromJson(new String(conf, StandardCharsets.UTF_8));
        long n = c.getVertices().values().stream().mapToLong(v -> v.numParams(true)).sum();
        ComputationGraph graph = new ComputationGraph(c);
        graph.init(Nd4j.zeros(DataType.FLOAT, 1, n), false);   // every value is set below: skip the random init
        JsonNode r = meta.path("frozenWeights");
        List<String> layers = new ArrayList<>();
        r.path("layers").forEach(l -> layers.add(l.asText()));
        List<String> ownLayers = new ArrayList<>();
        meta.path("ownLayers").forEach(l -> ownLayers.add(l.asText()));
        if (!FrozenWeights.assign(graph, ownLayers, own)) {
            throw corrupt(file, new IllegalStateException(OWN_PARAMS + " does not fit the layers " + ownLayers));
        }
        new FrozenWeights(r.path("sha256").asText(), r.path("bytes").asLong(), layers, FrozenWeights.home()).loadInto(graph, file);
        return graph;
    }

    private static byte[] entry(ZipFile zip, String name, Path file) throws IOException {
        ZipEntry e = zip.getEntry(name);
        if (e == null) {
            throw corrupt(file, new ZipException("no " + name + " entry"));
        }
        try (InputStream in = zip.getInputStream(e)) {
            return in.readAllBytes();
        }
    }

    private static ModelFileException corrupt(Path file, Throwable e) {
        return new ModelFileException(file, "model file " + file + " is truncated or corrupt (" + e
                + "); save the model again or restore the file from a backup", e);
    }

    static void checkVersion(Path file, JsonNode meta) {
        if (!FORMAT.equals(meta.path("format").asText())) {
            throw new ModelFileException(file, file + " has an unknown metadata format '" + meta.path("format").asText()
                    + "' (expected " + FORMAT + ")", null);
        }
        int v = meta.path("formatVersion").asInt(-1);
        if (v > FORMAT_VERSION) {
            throw new ModelFileException(file, "model file " + file + " was written in format version " + v
                    + " by a newer transfer4j; this version reads format versions up to " + FORMAT_VERSION
                    + ". Upgrade transfer4j to load it.", null);
        }
        if (v < 1) {
            throw new ModelFileException(file, "model file " + file + " has no valid formatVersion (" + meta.path("formatVersion") + ")", null);
        }
    }

    private static TransferModel rebuild(Path file, JsonNode meta, ComputationGraph graph) {
        List<Shape> shapes = new ArrayList<>();
        meta.path("inputShapes").forEach(n -> shapes.add(shape(n)));
        if (shapes.size() != graph.getConfiguration().getNetworkInputs().size()) {
            throw new IllegalArgumentException("it records " + shapes.size() + " input shapes for "
                    + graph.getConfiguration().getNetworkInputs().size() + " inputs");
        }
        ModelInfo info = null;
        JsonNode i = meta.path("info");
        if (i.isObject()) {
            info = new ModelInfo(i.path("name").asText(), shape(i.path("inputShape")), i.path("numClasses").asInt(),
                    i.path("classifierLayer").asText(null), i.path("featureLayer").asText(null),
                    i.path("featureWidth").asInt(), i.has("preprocessing") ? preprocessing(i.path("preprocessing")) : null);
        }
        FormatNotes.of(meta.path("formatVersion").asInt(), graph.getConfiguration(), shapes)
                .forEach(n -> LOG.warn("{}: {}", file, n));
        TransferModel m = new TransferModel(meta.path("name").asText("model"), graph, shapes, info);
        m.preprocessing(meta.has("preprocessing") ? preprocessing(meta.path("preprocessing")) : null);
        Set<String> frozen = new LinkedHashSet<>();
        meta.path("frozen").forEach(n -> frozen.add(n.asText()));
        Map<String, Double> lr = new LinkedHashMap<>();
        meta.path("lrMultipliers").fields().forEachRemaining(en -> lr.put(en.getKey(), en.getValue().asDouble()));
        meta.path("recipe").fields().forEachRemaining(en -> m.recipe().put(en.getKey(), en.getValue().asText()));
        List<String> labels = null;
        if (meta.path("labels").isArray()) {
            labels = new ArrayList<>();
            for (JsonNode l : meta.path("labels")) {
                labels.add(l.asText());
            }
        }
        // The loaded graph's optimizers already carry the multipliers; refresh() re-applies the rest.
        m.settings().load(graph.getConfiguration(), m.layerNames(), frozen, meta.path("trainBn").asBoolean(false), lr);
        if (labels != null) {
            m.labels(labels);
        }
        double[] thresholds = thresholds(meta);
        if (thresholds != null && m.isMultiLabel()) {
            m.thresholds(thresholds);
        }
        return m.refresh();
    }

    /** A multi-label model's saved thresholds in {@code transfer4j.json}'s metadata, or null when it has none. */
    static double[] thresholds(JsonNode meta) {
        JsonNode t = meta.path("thresholds");
        return t.isArray() ? java.util.stream.IntStream.range(0, t.size()).mapToDouble(k -> t.path(k).asDouble()).toArray() : null;
    }

    private static Shape shape(JsonNode n) {
        return n.has("size") ? Shape.flat(n.path("size").asInt())
                : Shape.image(n.path("height").asInt(), n.path("width").asInt(), n.path("channels").asInt());
    }

    static Preprocessing preprocessing(JsonNode n) {
        int c = n.path("channels").asInt();
        double[] mean = new double[c];
        double[] std = new double[c];
        for (int k = 0; k < c; k++) {
            mean[k] = n.path("mean").path(k).asDouble();
            std[k] = n.path("std").path(k).asDouble();
        }
        return new Preprocessing(n.path("height").asInt(), n.path("width").asInt(), c, n.path("bgr").asBoolean(),
                n.path("scale").asDouble(), mean, std);
    }
}
