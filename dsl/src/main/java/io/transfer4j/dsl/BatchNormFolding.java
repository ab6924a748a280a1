package io.transfer4j.dsl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Folds every inference-mode BatchNormalization into the convolution feeding it, for frozen or
 * inference-only use: {@code y = gamma * (conv(x) - mean) / sqrt(var + eps) + beta} equals a convolution
 * with weights {@code W * s} and bias {@code (b - mean) * s + beta}, where {@code s = gamma / sqrt(var + eps)}.
 * The BN vertices disappear, so a forward pass skips one full read and write of every BN'd activation.
 *
 * <p>A BN is folded only when its single input is a standard {@link ConvolutionLayer} (possibly frozen)
 * with identity activation whose output nothing else reads and which is not a network output; other BNs
 * are left in place. A convolution without bias gains one. (DL4J's BN layer ignores its activation
 * function, so there is none to move.) Consumers of a folded BN now read the convolution (the BN's name is gone).
 * The result must not be trained: its statistics are baked in.
 *
 * <pre>{@code
 * ComputationGraph fast = BatchNormFolding.fold(network.graph());
 * INDArray probs = fast.outputSingle(image);   // same as network.graph().outputSingle(image) within 1e-4
 * }</pre>
 */
public final class BatchNormFolding {
    private BatchNormFolding() {
    }

    /** Result of a fold: the new graph and which BN was folded into which convolution. */
    public record Result(ComputationGraph graph, Map<String, String> foldedIntoConv) {
    }

    /** Returns a new graph with the foldable BNs folded; the input graph is not modified. */
    public static ComputationGraph fold(ComputationGraph graph) {
        return foldWithReport(graph).graph();
    }

    /**
     * The graph to run for inference: {@code graph} itself when it has nothing to fold (VGG16, say: no copy),
     * else a folded copy. {@code graph} is never modified.
     */
    public static ComputationGraph forInference(ComputationGraph graph) {
        return foldable(graph).isEmpty() ? graph : fold(graph);
    }

    /**
     * Which BNs {@link #fold} would fold (BN name -> convolution name), without building anything: lets a
     * caller skip the copy for a graph with nothing to fold (VGG16, say).
     */
    public static Map<String, String> foldable(ComputationGraph graph) {
        ComputationGraphConfiguration conf = graph.getConfiguration();
        Map<String, String> pairs = new LinkedHashMap<>();
        for (String bn : conf.getVertices().keySet()) {
            String conv = foldableConv(conf, bn);
            if (conv != null) {
                pairs.put(bn, conv);
            }
        }
        return Map.copyOf(pairs);
    }

    /** As {@link #fold}, also reporting BN name -> convolution name for every folded pair. */
    public static Result foldWithReport(ComputationGraph graph) {
        if (graph.getConfiguration() == null || graph.params() == null) {
            throw new IllegalArgumentException("graph is not initialised; call graph.init() before folding");
        }
        ComputationGraphConfiguration conf = graph.getConfiguration().clone();
        Map<String, GraphVertex> vertices = conf.getVertices();
        Map<String, List<String>> inputs = conf.getVertexInputs();
        inputs.replaceAll((k, v) -> new ArrayList<>(v));   // rewired below; the clone's lists may be shared
        Map<String, String> folded = foldable(graph);   // bn -> conv; the clone has the same structure
        for (Map.Entry<String, String> e : folded.entrySet()) {
            String bn = e.getKey();
            String conv = e.getValue();
            ConvolutionLayer convConf = (ConvolutionLayer) layerOf(vertices.get(conv));
            convConf.setHasBias(true);
            vertices.remove(bn);
            inputs.remove(bn);
            for (List<String> in : inputs.values()) {
                in.replaceAll(n -> n.equals(bn) ? conv : n);
            }
        }
        // The cached order still lists the removed vertices; the new graph recomputes it.
        conf.setTopologicalOrder(null);
        conf.setTopologicalOrderStr(null);

        ComputationGraph out = new ComputationGraph(conf);
        out.init();
        for (org.deeplearning4j.nn.api.Layer l : out.getLayers()) {
            String name = l.conf().getLayer().getLayerName();
            Map<String, INDArray> src = graph.getLayer(name).paramTable();
            for (Map.Entry<String, INDArray> p : l.paramTable().entrySet()) {
                INDArray from = src.get(p.getKey());
                if (from != null) {
                    p.getValue().assign(from);
                }
            }
        }
        for (Map.Entry<String, String> e : folded.entrySet()) {
            foldParams(graph, e.getKey(), e.getValue(), out.getLayer(e.getValue()).paramTable());
        }
        return new Result(out, folded);
    }

    /** The conv a BN can be folded into, or null. */
    private static String foldableConv(ComputationGraphConfiguration conf, String bn) {
        if (!(layerOf(conf.getVertices().get(bn)) instanceof BatchNormalization)) {
            return null;
        }
        List<String> in = conf.getVertexInputs().get(bn);
        if (in == null || in.size() != 1) {
            return null;
        }
        String conv = in.get(0);
        Layer c = layerOf(conf.getVertices().get(conv));
        if (c == null || c.getClass() != ConvolutionLayer.class
                || !(((ConvolutionLayer) c).getActivationFn() instanceof ActivationIdentity)
                || ((LayerVertex) conf.getVertices().get(bn)).getPreProcessor() != null
                || conf.getNetworkOutputs().contains(conv)
                || conf.getNetworkOutputs().contains(bn)) {
            return null;
        }
        long readers = conf.getVertexInputs().values().stream().filter(l -> l.contains(conv)).count();
        return readers == 1 ? conv : null;
    }

    /** The layer configuration inside a vertex (unwrapping frozen layers), or null for non-layer vertices. */
    private static Layer layerOf(GraphVertex v) {
        if (!(v instanceof LayerVertex lv)) {
            return null;
        }
        Layer l = lv.getLayerConf().getLayer();
        if (l instanceof FrozenLayer f) {
            return f.getLayer();
        }
        if (l instanceof FrozenLayerWithBackprop f) {
            return f.getUnderlying();
        }
        return l;
    }

    private static void foldParams(ComputationGraph source, String bn, String conv, Map<String, INDArray> target) {
        org.deeplearning4j.nn.api.Layer bnLayer = source.getLayer(bn);
        BatchNormalization bnConf = (BatchNormalization) layerOf(source.getConfiguration().getVertices().get(bn));
        Map<String, INDArray> p = bnLayer.paramTable();
        INDArray mean = p.get(BatchNormalizationParamInitializer.GLOBAL_MEAN).dup().reshape(-1);
        INDArray var;
        if (p.containsKey(BatchNormalizationParamInitializer.GLOBAL_LOG_STD)) {
            // useLogStd stores log10(std); DL4J itself squares 10^x back to a variance, then adds eps.
            INDArray std = Transforms.pow(Nd4j.valueArrayOf(mean.shape(), 10.0, mean.dataType()),
                    p.get(BatchNormalizationParamInitializer.GLOBAL_LOG_STD).reshape(-1), false);
            var = std.muli(std);
        } else {
            var = p.get(BatchNormalizationParamInitializer.GLOBAL_VAR).dup().reshape(-1);
        }
        long c = mean.length();
        INDArray gamma = bnConf.isLockGammaBeta() ? Nd4j.valueArrayOf(new long[] {c}, bnConf.getGamma(), mean.dataType())
                : bnLayer.getParam(BatchNormalizationParamInitializer.GAMMA).dup().reshape(-1);   // CenteredBatchNorm: ones
        INDArray beta = bnConf.isLockGammaBeta() ? Nd4j.valueArrayOf(new long[] {c}, bnConf.getBeta(), mean.dataType())
                : p.get(BatchNormalizationParamInitializer.BETA).dup().reshape(-1);
        INDArray scale = gamma.div(Transforms.sqrt(var.add(bnConf.getEps()), false));

        Map<String, INDArray> convSrc = source.getLayer(conv).paramTable();
        INDArray w = convSrc.get(ConvolutionParamInitializer.WEIGHT_KEY);       // [out, in, kh, kw]
        INDArray oldBias = convSrc.get(ConvolutionParamInitializer.BIAS_KEY);
        INDArray b = oldBias == null ? Nd4j.zeros(mean.dataType(), c) : oldBias.dup().reshape(-1);
        INDArray newW = w.mul(scale.reshape(c, 1, 1, 1));
        INDArray newB = b.subi(mean).muli(scale).addi(beta);
        target.get(ConvolutionParamInitializer.WEIGHT_KEY).assign(newW);
        INDArray tb = target.get(ConvolutionParamInitializer.BIAS_KEY);
        tb.assign(newB.reshape(tb.shape()));
    }
}
