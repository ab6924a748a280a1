package io.transfer4j.transfer.onnx;

import io.transfer4j.dsl.Shape;
import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What runs a network forward for inference and featurization: DL4J itself, or ONNX Runtime (the
 * fastest CPU engine here — see BENCHMARKS.md) on an exported copy. The transfer API uses an engine for
 * the frozen trunk while the head trains in DL4J.
 *
 * <pre>{@code
 * try (Engine e = Engine.create(Engine.Kind.AUTO, graph, List.of(Shape.image(224, 224, 3)), "avg_pool", cacheDir)) {
 *     INDArray features = e.output(batch);   // [n, 2048]
 * }
 * }</pre>
 */
public interface Engine extends AutoCloseable {
    /** Engine choice; AUTO means ONNX Runtime when it is on the classpath, else DL4J. */
    enum Kind { AUTO, DL4J, ONNX_RUNTIME }

    /** Forward pass of one batch (NCHW images or flat rows) to the engine's output. */
    INDArray output(INDArray input);

    /** Which engine this is, for logs and reports. */
    Kind kind();

    /** The exported file ONNX Runtime runs (null for DL4J): what a later process may open directly. */
    default Path file() {
        return null;
    }

    @Override
    void close();

    /**
     * Where exported models are cached when the caller names no directory: {@code transfer4j-onnx} in the
     * temporary directory (file names carry a hash of configuration and weights, so sharing it is safe).
     */
    static Path defaultCacheDir() {
        return Path.of(System.getProperty("java.io.tmpdir"), "transfer4j-onnx");
    }

    /** Whether ONNX Runtime's Java API is on the classpath. */
    static boolean onnxRuntimeAvailable() {
        try {
            Class.forName("ai.onnxruntime.OrtEnvironment", false, Engine.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /**
     * ONNX Runtime on an already exported file, computing its output {@code output} (a vertex name kept by
     * {@link OnnxExport}). For processes that receive the export rather than the graph, e.g. Spark executors.
     * <pre>{@code try (Engine e = Engine.onnxRuntime(Path.of("trunk.onnx"), "head_pool")) { e.output(batch); }}</pre>
     */
    static Engine onnxRuntime(Path onnxFile, String output) {
        if (!onnxRuntimeAvailable()) {
            throw new IllegalStateException("com.microsoft.onnxruntime:onnxruntime is not on the classpath; add it to run " + onnxFile);
        }
        return new OrtEngine(onnxFile, output);
    }

    /**
     * A hash of what determines the output {@code output} of {@code graph} for inputs of the given shapes: the
     * configuration and weights of every vertex it depends on (the key exported trunks are cached under; a
     * persistent feature store keys trunk features with it too).
     */
    static String outputKey(ComputationGraph graph, List<Shape> inputShapes, String output) {
        return TrunkCache.key(graph, inputShapes, output);
    }

    /**
     * An engine computing {@code output} (a vertex name; null = the graph's output) of {@code graph}.
     * For ONNX Runtime the (sub)graph is exported once into {@code cacheDir}, keyed by a hash of its
     * configuration and weights, and reused while they do not change.
     */
    static Engine create(Kind kind, ComputationGraph graph, List<Shape> inputShapes, String output, Path cacheDir) {
        String out = output != null ? output : graph.getConfiguration().getNetworkOutputs().get(0);
        Kind k = kind == null || kind == Kind.AUTO ? (onnxRuntimeAvailable() ? Kind.ONNX_RUNTIME : Kind.DL4J) : kind;
        if (k == Kind.ONNX_RUNTIME && kind != Kind.ONNX_RUNTIME) {
            // AUTO: a graph ONNX cannot express still runs, on DL4J; an explicit ONNX_RUNTIME request fails instead.
            String why = OnnxExport.unsupportedReason(graph, List.of(out));
            if (why != null) {
                org.slf4j.LoggerFactory.getLogger(Engine.class).info("engine AUTO: running on DL4J, {}", why);
                return new Dl4jEngine(graph, out);
            }
        }
        if (k == Kind.ONNX_RUNTIME) {
            if (!onnxRuntimeAvailable()) {
                throw new IllegalStateException("engine ONNX_RUNTIME requested but com.microsoft.onnxruntime:onnxruntime"
                        + " is not on the classpath; add it as a dependency or use Engine.Kind.DL4J");
            }
            Path file = TrunkCache.export(graph, inputShapes, out, cacheDir);
            return new OrtEngine(file, out);
        }
        return new Dl4jEngine(graph, out);
    }
}
