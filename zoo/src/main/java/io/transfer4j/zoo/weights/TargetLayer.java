package io.transfer4j.zoo.weights;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.modelimport.keras.preprocessors.TensorFlowCnnToFeedForwardPreProcessor;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A layer of a DL4J graph that has parameters, as the loaders see it: its kind, its parameters in the
 * order Keras stores the matching arrays, and (for a dense layer right after a flatten) the feature map
 * that was flattened, because Keras flattened it channels-last.
 *
 * @param name    layer name in the graph
 * @param kind    what the layer is, which fixes the Keras ↔ DL4J layout of its arrays
 * @param params  DL4J parameter keys in Keras array order, with their DL4J shapes
 * @param flatten for a dense layer fed by a flatten: the flattened feature map; else null
 * @param eps     batch-norm epsilon (0 for other kinds)
 */
record TargetLayer(String name, Kind kind, Map<String, long[]> params, Flatten flatten, double eps) {

    enum Kind { CONV, DEPTHWISE, SEPARABLE, DENSE, BATCH_NORM, UNSUPPORTED }

    /**
     * The feature map a flatten turned into the dense layer's input rows.
     *
     * @param channelsLast rows in (h, w, c) order as Keras (and DL4J's Keras import) flatten; false for
     *                     DL4J's own channels-first (c, h, w) order
     */
    record Flatten(int height, int width, int channels, boolean channelsLast) {
    }

    /**
     * The layers of {@code graph} that have parameters, in the order they were added to its configuration
     * (for a DSL network: definition order). Keras pairs by-order loads in its own definition order, and
     * DL4J's topological sort may interleave parallel branches differently.
     */
    static List<TargetLayer> of(ComputationGraph graph) {
        ComputationGraphConfiguration conf = graph.getConfiguration();
        List<TargetLayer> out = new ArrayList<>();
        for (String vertexName : conf.getVertices().keySet()) {
            var vertex = graph.getVertex(vertexName);
            if (vertex == null || !vertex.hasLayer() || vertex.getLayer().numParams() == 0) {
                continue;
            }
            String name = vertex.getVertexName();
            Layer layer = vertex.getLayer().conf().getLayer();
            Map<String, INDArray> table = vertex.getLayer().paramTable();
            Kind kind = kindOf(layer);
            List<String> order = switch (kind) {
                case CONV, DEPTHWISE, DENSE -> List.of("W", "b");
                case SEPARABLE -> List.of("W", "pW", "b");
                case BATCH_NORM -> List.of("gamma", "beta", "mean", table.containsKey("var") ? "var" : "log10stdev");
                case UNSUPPORTED -> List.copyOf(table.keySet());
            };
            Map<String, long[]> params = new LinkedHashMap<>();
            for (String key : order) {
                if (table.containsKey(key)) {      // "b" is absent without bias; gamma/beta when locked
                    params.put(key, table.get(key).shape());
                }
            }
            Flatten flatten = kind == Kind.DENSE ? flattenBefore(conf, name) : null;
            double eps = layer instanceof BatchNormalization bn ? bn.getEps() : 0;
            out.add(new TargetLayer(name, kind, params, flatten, eps));
        }
        return List.copyOf(out);
    }

    List<String> keys() {
        return List.copyOf(params.keySet());
    }

    private static Kind kindOf(Layer layer) {
        if (layer instanceof DepthwiseConvolution2D) {
            return Kind.DEPTHWISE;
        }
        if (layer instanceof SeparableConvolution2D) {
            return Kind.SEPARABLE;
        }
        if (layer instanceof Deconvolution2D || layer instanceof Convolution1DLayer || layer instanceof Convolution3D) {
            return Kind.UNSUPPORTED;
        }
        if (layer instanceof ConvolutionLayer) {
            return Kind.CONV;
        }
        if (layer instanceof DenseLayer || layer instanceof OutputLayer) {
            return Kind.DENSE;
        }
        if (layer instanceof BatchNormalization) {
            return Kind.BATCH_NORM;
        }
        return Kind.UNSUPPORTED;
    }

    /**
     * Walks up from a dense layer through parameter-free pass-through layers (dropout, activation) to the
     * flatten that feeds it, if any. A global pooling or any other layer in between means no flatten.
     */
    private static Flatten flattenBefore(ComputationGraphConfiguration conf, String dense) {
        Map<String, GraphVertex> vertices = conf.getVertices();
        String current = dense;
        while (true) {
            GraphVertex v = vertices.get(current);
            InputPreProcessor pre = null;
            if (v instanceof LayerVertex lv) {
                pre = lv.getPreProcessor();
                Layer l = lv.getLayerConf().getLayer();
                boolean passThrough = l instanceof DropoutLayer || l instanceof ActivationLayer;
                if (!current.equals(dense) && !passThrough) {
                    return null;
                }
            } else if (v instanceof PreprocessorVertex pv) {
                pre = pv.getPreProcessor();
            } else if (v != null) {
                return null;      // merges and other vertices: not a plain flatten chain
            }
            if (pre instanceof TensorFlowCnnToFeedForwardPreProcessor p) {
                // DL4J's Keras import of old tf-ordering models: permutes to NHWC before flattening
                return new Flatten((int) p.getInputHeight(), (int) p.getInputWidth(), (int) p.getNumChannels(), true);
            }
            if (pre instanceof CnnToFeedForwardPreProcessor p) {
                return new Flatten((int) p.getInputHeight(), (int) p.getInputWidth(), (int) p.getNumChannels(),
                        p.getFormat() == CNN2DFormat.NHWC);
            }
            List<String> inputs = conf.getVertexInputs().get(current);
            if (v == null || inputs == null || inputs.size() != 1) {
                return null;      // a network input: nothing was flattened
            }
            current = inputs.get(0);
        }
    }
}
