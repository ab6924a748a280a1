package io.transfer4j.transfer.train;

import io.transfer4j.dsl.PhaseTimes;
import io.transfer4j.dsl.Shape;
import io.transfer4j.transfer.onnx.Engine;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The frozen trunk as the feature cache runs it: the full graph up to the split node on an {@link Engine}
 * (ONNX Runtime by default when it is on the classpath — the trunk only ever runs forward). The engine is
 * made at the first batch, whose shape gives the input shape of the export, and then serves the training
 * and the validation features alike.
 */
final class TrunkFeatures implements AutoCloseable {
    private final ComputationGraph full;
    private final String node;
    private final Engine.Kind kind;
    private final Path cacheDir;
    private Engine engine;

    TrunkFeatures(ComputationGraph full, String node, Engine.Kind kind, Path cacheDir) {
        this.full = full;
        this.node = node;
        this.kind = kind;
        this.cacheDir = cacheDir;
    }

    /** The trunk's output at the split node for one batch of network input. */
    INDArray of(INDArray input) {
        if (engine == null) {
            engine = PhaseTimes.time("export", () -> Engine.create(kind, full, List.of(shapeOf(input)), node, cacheDir));
        }
        return engine.output(input);
    }

    ComputationGraph graph() {
        return full;
    }

    String node() {
        return node;
    }

    /** The engine that ran (null before the first batch). */
    Engine.Kind engineKind() {
        return engine == null ? null : engine.kind();
    }

    @Override
    public void close() {
        if (engine != null) {
            engine.close();
            engine = null;
        }
    }

    private static Shape shapeOf(INDArray batch) {
        long[] s = batch.shape();
        if (s.length == 4) {
            return Shape.image(Math.toIntExact(s[2]), Math.toIntExact(s[3]), Math.toIntExact(s[1]));
        }
        if (s.length == 2) {
            return Shape.flat(Math.toIntExact(s[1]));
        }
        throw new IllegalArgumentException("feature caching takes images [n, c, h, w] or vectors [n, size], got a batch of shape "
                + Arrays.toString(s));
    }
}
