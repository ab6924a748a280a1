package io.transfer4j.transfer;

import io.transfer4j.dsl.Layers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * AdaBN (Li et al., 2016): re-estimates every BatchNorm layer's running mean and variance on the target
 * images, leaving all learned weights (gamma, beta, kernels) untouched. A frozen trunk pretrained on one
 * distribution then normalises the new one the way it normalised its own; on Fashion-MNIST's unseen
 * classes this is what lifts 5-shot transfer (see {@code FewShotFashionMnistTest}).
 *
 * <p>Layers are adapted in topological order, each from the activations the already-adapted layers below it
 * produce, with the population (biased) variance over batch and spatial positions, as BatchNorm uses it at
 * inference. It is a statistic, not training: calling it twice on the same images gives the same result.
 *
 * <pre>{@code
 * BatchNormAdaptation.adapt(model.graph(), trainImages);   // before training the head on trainImages
 * }</pre>
 */
public final class BatchNormAdaptation {
    private BatchNormAdaptation() {
    }

    /**
     * Sets the running statistics of every BatchNorm layer in {@code graph} to those of {@code images}
     * (network input, already preprocessed; one input). Returns the names of the layers adapted.
     */
    public static List<String> adapt(ComputationGraph graph, INDArray images) {
        if (graph.getConfiguration().getNetworkInputs().size() != 1) {
            throw new IllegalArgumentException("BatchNorm adaptation needs a graph with one input, this one has "
                    + graph.getConfiguration().getNetworkInputs());
        }
        if (images == null || images.size(0) < 2) {
            throw new IllegalArgumentException("BatchNorm adaptation needs at least 2 images to estimate a variance, got "
                    + (images == null ? "none" : images.size(0)));
        }
        List<String> adapted = new ArrayList<>();
        for (int i : graph.topologicalSortOrder()) {
            var vertex = graph.getVertices()[i];
            if (!vertex.hasLayer() || !(Layers.unwrapFrozen(vertex.getLayer().conf().getLayer()) instanceof BatchNormalization bn)) {
                continue;
            }
            String name = vertex.getVertexName();
            String input = graph.getConfiguration().getVertexInputs().get(name).get(0);
            // forward only as far as this BN: the layers after it do not matter yet
            Map<String, INDArray> acts = graph.feedForward(new INDArray[] {images}, vertex.getVertexIndex(), false);
            INDArray x = acts.get(input);
            if (x == null) {
                throw new IllegalStateException("no activations for '" + input + "', the input of BatchNorm '" + name + "'");
            }
            int[] axes = x.rank() == 4 ? new int[] {0, 2, 3} : new int[] {0};
            INDArray mean = x.mean(axes);
            INDArray var = x.var(false, axes);
            Layer layer = vertex.getLayer();
            long[] shape = layer.getParam("mean").shape();
            layer.setParam("mean", mean.reshape(shape).castTo(layer.getParam("mean").dataType()));
            if (bn.isUseLogStd()) {
                // DL4J keeps log10(std) and squares 10^p back to the variance (eps added at use)
                INDArray log10std = Transforms.log(var, 10, true).muli(0.5);
                layer.setParam("log10stdev", log10std.reshape(shape).castTo(layer.getParam("log10stdev").dataType()));
            } else {
                layer.setParam("var", var.reshape(shape).castTo(layer.getParam("var").dataType()));
            }
            adapted.add(name);
        }
        return adapted;
    }
}
