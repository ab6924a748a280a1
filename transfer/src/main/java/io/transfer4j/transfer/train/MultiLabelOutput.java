package io.transfer4j.transfer.train;

import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.impl.LayerVertex;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;

/**
 * What makes a graph multi-label, and how training counts its accuracy: the output layer has sigmoid outputs with
 * binary cross-entropy ({@code Head.multiLabel()}), one independent yes/no per label. Accuracy is then per label
 * (fastai's {@code accuracy_multi}): the share of (image, label) decisions at threshold 0.5 that are right.
 *
 * <pre>{@code boolean multi = MultiLabelOutput.isMultiLabel(model.graph());}</pre>
 */
public final class MultiLabelOutput {
    private MultiLabelOutput() {
    }

    /** Whether the graph's (first) output layer is sigmoid + binary cross-entropy. */
    public static boolean isMultiLabel(ComputationGraph graph) {
        var conf = graph.getConfiguration();
        if (conf.getNetworkOutputs().isEmpty() || !(graph.getVertex(conf.getNetworkOutputs().get(0)) instanceof LayerVertex lv)) {
            return false;
        }
        return isMultiLabel(lv.getLayer().conf().getLayer());
    }

    /** Whether this output layer configuration is sigmoid + binary cross-entropy. */
    static boolean isMultiLabel(Layer layer) {
        return layer instanceof BaseOutputLayer ol && ol.getLossFn() instanceof LossBinaryXENT
                && ol.getActivationFn() instanceof ActivationSigmoid;
    }

    /** Right (image, label) decisions: {@code score > cut} against labels {@code >= 0.5}, over {@code [n, labels]}. */
    static long correctDecisions(INDArray scores, INDArray labels, double cut) {
        INDArray predicted = scores.castTo(DataType.DOUBLE).gt(cut);
        INDArray actual = labels.castTo(DataType.DOUBLE).gte(0.5);
        return predicted.eq(actual).castTo(DataType.INT).sumNumber().longValue();
    }
}
