package io.transfer4j.transfer;

import io.transfer4j.dsl.ActivationTypes;
import io.transfer4j.dsl.Layers;
import io.transfer4j.dsl.Shape;
import io.transfer4j.dsl.Summary;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.graph.FrozenVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * Low-level edits of a DL4J graph configuration used by {@link TransferModel}: wrapping layers in
 * {@link FrozenLayerWithBackprop} (and unwrapping), cutting the graph at a vertex, and rebuilding a graph
 * from an edited configuration without losing trained parameters.
 */
final class GraphSurgery {
    private GraphSurgery() {
    }

    /** Vertex names in topological order, network inputs excluded. */
    static List<String> order(ComputationGraphConfiguration conf) {
        List<String> all = new ArrayList<>(Summary.order(conf));
        all.removeAll(conf.getNetworkInputs());
        return all;
    }

    /** The layer configuration of a vertex, or null when it is not a layer (merge, input, preprocessor). */
    static org.deeplearning4j.nn.conf.layers.Layer layerConf(ComputationGraphConfiguration conf, String name) {
        GraphVertex v = bare(conf.getVertices().get(name));
        return v instanceof LayerVertex lv ? lv.getLayerConf().getLayer() : null;
    }

    /** The configuration under any frozen wrapper; see {@link Layers#unwrapFrozen}. */
    static org.deeplearning4j.nn.conf.layers.Layer unwrap(org.deeplearning4j.nn.conf.layers.Layer l) {
        return Layers.unwrapFrozen(l);
    }

    static boolean isBatchNorm(ComputationGraphConfiguration conf, String name) {
        return unwrap(layerConf(conf, name)) instanceof BatchNormalization;
    }

    /** Layers that own parameters (the only ones freezing means anything for), topological order. */
    static List<String> paramLayers(ComputationGraphConfiguration conf) {
        return order(conf).stream().filter(n -> bare(conf.getVertices().get(n)) instanceof LayerVertex
                && conf.getVertices().get(n).numParams(true) > 0).toList();
    }

    /** Layers with parameters currently wrapped as frozen. */
    static Set<String> wrapped(ComputationGraphConfiguration conf) {
        Set<String> out = new LinkedHashSet<>();
        for (String n : paramLayers(conf)) {
            if (Layers.isFrozen(layerConf(conf, n))) {
                out.add(n);
            }
        }
        return out;
    }

    /**
     * A copy of {@code conf} in which exactly the layers in {@code frozen} are frozen: their parameters get
     * no updates and they run in inference mode (a frozen BatchNorm uses and keeps its running statistics).
     *
     * <p>The part of the graph that no trainable layer feeds (the frozen trunk: frozen layers and the
     * parameter-free vertices among and right after them) is wrapped as DL4J's feature extractor does:
     * {@link FrozenLayer} / {@link FrozenVertex}, which stops backpropagation there (nothing below needs
     * gradients) and runs it in inference mode (dropout in a frozen trunk is off). A frozen layer that has a
     * trainable layer below it becomes {@link FrozenLayerWithBackprop}, so gradients still pass through.
     */
    static ComputationGraphConfiguration withFrozen(ComputationGraphConfiguration conf, Set<String> frozen) {
        ComputationGraphConfiguration c = conf.clone();
        List<String> order = order(c);
        Set<String> trainable = new LinkedHashSet<>(paramLayers(c));
        trainable.removeAll(frozen);
        // Random parameter-free layers (dropout) with no frozen layer above them belong to the head: wrapping
        // them as trunk would run them in inference mode, i.e. silently switch the head's dropout off.
        Set<String> headRandom = new LinkedHashSet<>(order);
        headRandom.removeIf(n -> !isRandom(c.getVertices().get(n)));
        headRandom.removeAll(feedersOf(c, order, frozen));
        // fed[v]: some trainable layer (or head dropout) is v or lies below v, so gradients must reach v.
        Set<String> fed = new LinkedHashSet<>();
        for (String n : order) {
            boolean self = trainable.contains(n) || headRandom.contains(n);
            if (self || c.getVertexInputs().get(n).stream().anyMatch(fed::contains)) {
                fed.add(n);
            }
        }
        boolean bnWithBackprop = false;
        for (String n : order) {
            GraphVertex v = c.getVertices().get(n);
            GraphVertex bare = bare(v);
            boolean trunk = !fed.contains(n);
            if (bare instanceof LayerVertex lv) {
                org.deeplearning4j.nn.conf.layers.Layer l = lv.getLayerConf().getLayer();
                org.deeplearning4j.nn.conf.layers.Layer inner = unwrap(l);
                org.deeplearning4j.nn.conf.layers.Layer next = inner;
                if (inner instanceof BaseOutputLayer || inner instanceof LossLayer) {
                    // DL4J refuses frozen output layers; a zero learning rate leaves the parameters
                    // bit-identical (x - 0·g == x) while the loss still backpropagates.
                    if (frozen.contains(n) && inner instanceof BaseLayer b) {
                        b.setIUpdater(freezeMarker());
                        b.setBiasUpdater(freezeMarker());
                    }
                } else if (trunk) {
                    next = new FrozenLayer(inner);
                } else if (frozen.contains(n)) {
                    next = new FrozenLayerWithBackprop(inner);
                    bnWithBackprop |= inner instanceof BatchNormalization;
                }
                if (next.getClass() != l.getClass()) {
                    // A fresh NeuralNetConfiguration per vertex, as DL4J's TransferLearning does: the inner
                    // layer keeps its own configuration while the vertex sees the wrapper.
                    NeuralNetConfiguration nnc = lv.getLayerConf().clone();
                    next.setLayerName(n);
                    nnc.setLayer(next);
                    lv.setLayerConf(nnc);
                }
                if (v != bare) {
                    c.getVertices().put(n, bare);
                }
            } else if (trunk && !(v instanceof FrozenVertex)) {
                c.getVertices().put(n, new FrozenVertex(v));
            } else if (!trunk && v != bare) {
                c.getVertices().put(n, bare);
            }
        }
        // DL4J M2.1: a BatchNorm inside FrozenLayerWithBackprop fails in backprop with "outdated workspace
        // pointer" (its inference-mode forward leaves arrays in a closed workspace); training without
        // workspaces avoids it at some speed cost, only in this configuration.
        c.setTrainingWorkspaceMode(bnWithBackprop ? WorkspaceMode.NONE : WorkspaceMode.ENABLED);
        return c;
    }

    /** Parameter-free layers that behave differently in training: dropout layers or layers with dropout set. */
    static boolean isRandom(GraphVertex v) {
        return bare(v) instanceof LayerVertex lv && lv.numParams(true) == 0 && Layers.isRandomInTraining(lv.getLayerConf().getLayer());
    }

    /** Vertices from which some layer in {@code frozen} can be reached (they feed a frozen layer). */
    static Set<String> feedersOf(ComputationGraphConfiguration conf, List<String> order, Set<String> frozen) {
        Set<String> feeders = new LinkedHashSet<>();
        for (int i = order.size() - 1; i >= 0; i--) {   // consumers before their inputs
            String n = order.get(i);
            if (frozen.contains(n) || feeders.contains(n)) {
                feeders.addAll(conf.getVertexInputs().getOrDefault(n, List.of()));
            }
        }
        return feeders;
    }

    /** The optimizer of a frozen output layer: plain SGD at rate 0. */
    static IUpdater freezeMarker() {
        return new Sgd(0.0);
    }

    static boolean isFreezeMarker(IUpdater u) {
        return u instanceof Sgd s && s.getLearningRate() == 0.0 && s.getLearningRateSchedule() == null;
    }

    private static GraphVertex bare(GraphVertex v) {
        return v instanceof FrozenVertex f ? f.getUnderlying() : v;
    }

    /**
     * A copy for display ({@link io.transfer4j.dsl.Summary}) where exactly the frozen layers with parameters
     * are marked frozen: frozen-trunk merges and parameter-free layers show as what they are, and a frozen
     * output layer (which DL4J cannot wrap) shows as frozen. Never instantiated.
     */
    static ComputationGraphConfiguration forDisplay(ComputationGraphConfiguration conf, Set<String> frozen) {
        ComputationGraphConfiguration c = conf.clone();
        for (String n : order(c)) {
            GraphVertex v = bare(c.getVertices().get(n));
            c.getVertices().put(n, v);
            if (v instanceof LayerVertex lv) {
                org.deeplearning4j.nn.conf.layers.Layer inner = unwrap(lv.getLayerConf().getLayer());
                org.deeplearning4j.nn.conf.layers.Layer shown = frozen.contains(n) ? new FrozenLayer(inner) : inner;
                shown.setLayerName(n);
                lv.getLayerConf().setLayer(shown);
            }
        }
        return c;
    }

    /** {@code name} and every vertex it depends on (network inputs included). */
    static Set<String> ancestors(ComputationGraphConfiguration conf, String name) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(name));
        while (!todo.isEmpty()) {
            String v = todo.pop();
            if (seen.add(v)) {
                todo.addAll(conf.getVertexInputs().getOrDefault(v, List.of()));
            }
        }
        return seen;
    }

    /**
     * Activation types of every vertex for these input shapes, a {@link LossLayer}'s being its input's (DL4J's own
     * says a vector of its unset {@code nOut}, 0: such a model would have no classes); see {@link ActivationTypes}.
     */
    static Map<String, InputType> types(ComputationGraphConfiguration conf, List<Shape> inputShapes) {
        return ActivationTypes.of(conf, inputTypes(inputShapes));
    }

    /** DL4J input types (NCHW) for our shapes. */
    static InputType[] inputTypes(List<Shape> shapes) {
        return shapes.stream().map(s -> s.image() ? InputType.convolutional(s.height(), s.width(), s.channels())
                : InputType.feedForward(s.size())).toArray(InputType[]::new);
    }

    /**
     * An initialised graph for {@code conf}. When only wrappers or updaters changed (same vertices, same
     * parameter counts, same order) the new graph adopts the old parameter array as it is, nothing
     * re-initialised or copied; otherwise it is initialised fresh and every layer present in both gets
     * the old values. The optimizer state starts fresh either way (its layout depends on the freeze set).
     */
    static ComputationGraph rebuild(ComputationGraph old, ComputationGraphConfiguration conf) {
        ComputationGraph g = new ComputationGraph(conf);
        if (sameLayout(old.getConfiguration(), conf)) {
            g.init(old.params(), false);
            keepOptimizerState(old, g);
            return g;
        }
        g.init();
        for (Layer l : g.getLayers()) {
            String n = l.conf().getLayer().getLayerName();
            Layer before = old.getConfiguration().getVertices().containsKey(n) ? old.getLayer(n) : null;
            if (before == null) {
                continue;
            }
            for (Map.Entry<String, INDArray> p : before.paramTable(false).entrySet()) {
                INDArray target = l.getParam(p.getKey());
                if (target == null || !java.util.Arrays.equals(target.shape(), p.getValue().shape())) {
                    throw new IllegalStateException("layer '" + n + "' changed shape during surgery: parameter "
                            + p.getKey() + " " + java.util.Arrays.toString(p.getValue().shape()) + " -> "
                            + (target == null ? "missing" : java.util.Arrays.toString(target.shape())));
                }
                target.assign(p.getValue());
            }
        }
        return g;
    }

    /**
     * Copies the optimizer state when the updater blocks are the same (same parameter ranges, same
     * optimizer settings): a no-op refresh, or re-applying a loaded model's state, then loses nothing.
     */
    private static void keepOptimizerState(ComputationGraph old, ComputationGraph g) {
        var before = old.getUpdater(false);
        if (before == null || before.getStateViewArray() == null) {
            return;
        }
        var after = g.getUpdater(true);
        var a = before.getUpdaterBlocks();
        var b = after.getUpdaterBlocks();
        if (a.size() != b.size() || after.getStateViewArray() == null
                || before.getStateViewArray().length() != after.getStateViewArray().length()) {
            return;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i).getParamOffsetStart() != b.get(i).getParamOffsetStart()
                    || a.get(i).getParamOffsetEnd() != b.get(i).getParamOffsetEnd()
                    || !a.get(i).getGradientUpdater().getConfig().equals(b.get(i).getGradientUpdater().getConfig())) {
                return;
            }
        }
        after.getStateViewArray().assign(before.getStateViewArray());
    }

    private static boolean sameLayout(ComputationGraphConfiguration a, ComputationGraphConfiguration b) {
        List<String> oa = order(a);
        if (!oa.equals(order(b))) {
            return false;
        }
        for (String n : oa) {
            if (a.getVertices().get(n).numParams(true) != b.getVertices().get(n).numParams(true)) {
                return false;
            }
        }
        return true;
    }

    /** Input shapes of a graph whose inputs feed dense layers (their nIn); image inputs cannot be guessed. */
    static List<Shape> guessInputs(ComputationGraph g) {
        ComputationGraphConfiguration c = g.getConfiguration();
        List<Shape> out = new ArrayList<>();
        for (String in : c.getNetworkInputs()) {
            long nIn = c.getVertexInputs().entrySet().stream().filter(e -> e.getValue().contains(in))
                    .map(e -> GraphSurgery.unwrap(GraphSurgery.layerConf(c, e.getKey())))
                    .filter(l -> l instanceof org.deeplearning4j.nn.conf.layers.DenseLayer
                            || l instanceof org.deeplearning4j.nn.conf.layers.BaseOutputLayer)
                    .mapToLong(l -> ((org.deeplearning4j.nn.conf.layers.FeedForwardLayer) l).getNIn()).findFirst().orElse(-1);
            if (nIn <= 0) {
                throw new IllegalArgumentException("cannot tell the shape of input '" + in + "' from the graph; pass it: "
                        + "TransferModel.from(graph, Shape.image(height, width, channels))");
            }
            out.add(Shape.flat((int) nIn));
        }
        return out;
    }
}
