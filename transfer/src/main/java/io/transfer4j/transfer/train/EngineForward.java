package io.transfer4j.transfer.train;

import io.transfer4j.dsl.PhaseTimes;
import io.transfer4j.dsl.Shape;
import io.transfer4j.transfer.onnx.Engine;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A model's inference forward pass on an {@link Engine}, as {@code Classifier} and {@code Evaluator} run it.
 * A fine-tuned model (frozen trunk, trained head) runs its frozen trunk on the engine and its head on DL4J:
 * the trunk's export is the very file the {@link Trainer}'s feature cache made (same key: the trunk's weights),
 * so predicting after a fine-tune, and every later run with the same trunk, exports nothing. Any other model
 * (nothing frozen, or no single trunk/head boundary) runs whole on the engine.
 *
 * <pre>{@code
 * try (EngineForward f = EngineForward.of(Engine.Kind.AUTO, model.graph(), model.inputShapes(), cacheDir)) {
 *     INDArray probabilities = f.apply(preprocessedImages);
 * }
 * }</pre>
 */
public final class EngineForward implements UnaryOperator<INDArray>, AutoCloseable {
    private final Engine engine;
    private final ComputationGraph head;   // null: the engine runs the whole model
    private final String boundary;        // the engine's output when there is a head
    private final List<String> headVertices;

    private EngineForward(Engine engine, ComputationGraph head, String boundary, List<String> headVertices) {
        this.engine = engine;
        this.head = head;
        this.boundary = boundary;
        this.headVertices = headVertices;
    }

    /**
     * The forward pass of {@code graph} on {@code kind} ({@code AUTO}: ONNX Runtime when it is on the classpath
     * and the graph exports, else DL4J), exports cached in {@code cacheDir}. The weights are read now: make a
     * new one after changing them.
     */
    public static EngineForward of(Engine.Kind kind, ComputationGraph graph, List<Shape> inputShapes, Path cacheDir) {
        GraphSplit split = GraphSplit.of(graph).get().orElse(null);
        if (split != null) {
            Engine trunk = PhaseTimes.time("export", () -> Engine.create(kind, graph, inputShapes, split.featureNode(), cacheDir));
            return new EngineForward(trunk, split.buildHead(), split.featureNode(), split.headVertices);
        }
        return new EngineForward(PhaseTimes.time("export", () -> Engine.create(kind, graph, inputShapes, null, cacheDir)),
                null, null, List.of());
    }

    /**
     * The forward pass of a saved model from what an earlier {@link #of} recorded: {@code engine} over the export
     * ({@link #exportFile()}), and {@code head} (null: the export is the whole model) made by {@link #headOf}.
     */
    public static EngineForward of(Engine engine, ComputationGraph head) {
        if (head == null) {
            return new EngineForward(engine, null, null, List.of());
        }
        List<String> vertices = GraphSplit.topological(head).stream()
                .filter(v -> !head.getConfiguration().getNetworkInputs().contains(v)).toList();
        return new EngineForward(engine, head, head.getConfiguration().getNetworkInputs().get(0), vertices);
    }

    /**
     * The head of a saved configuration (its JSON) reading {@code boundary}: {@code headVertices} as an earlier
     * {@link #of} found them ({@link #boundary()}, {@link #headVertices()}); only those vertices are parsed and
     * initialised, never the trunk. Its parameters are random: set them before the first batch.
     */
    public static ComputationGraph headOf(String configurationJson, String boundary, List<String> headVertices) {
        return GraphSplit.headFromJson(configurationJson, boundary, headVertices);
    }

    /** What runs the model (or its trunk): ONNX Runtime, or DL4J when AUTO fell back. */
    public Engine.Kind kind() {
        return engine.kind();
    }

    /** The file ONNX Runtime runs (the trunk's export, or the whole model's); null on DL4J. */
    public Path exportFile() {
        return engine.file();
    }

    /** The trunk's output node the head reads; null when the engine runs the whole model. */
    public String boundary() {
        return boundary;
    }

    /** The head's vertices (run on DL4J), in graph order; empty when the engine runs the whole model. */
    public List<String> headVertices() {
        return headVertices;
    }

    /** The head's graph (DL4J), or null when the engine runs the whole model. */
    public ComputationGraph head() {
        return head;
    }

    /** The model's output for a batch of preprocessed input. */
    @Override
    public INDArray apply(INDArray input) {
        INDArray out = engine.output(input);
        return head == null ? out : head.outputSingle(false, out);
    }

    @Override
    public void close() {
        engine.close();
    }
}
