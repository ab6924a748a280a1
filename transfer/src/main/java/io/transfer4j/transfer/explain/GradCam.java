package io.transfer4j.transfer.explain;

import io.transfer4j.dsl.Layers;
import io.transfer4j.transfer.TransferModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Grad-CAM (Selvaraju et al. 2017): which parts of an image lead a convnet to a class. The gradient of the
 * class score (before the softmax) with respect to a conv layer's activations, averaged over space, weighs
 * that layer's channels; the ReLU of the weighted sum is the heatmap, at the layer's resolution. Works on any
 * transfer4j model with one image input and a class-score output (zoo or DSL, frozen or not, loaded from a file).
 * The default layer is the last convolution before the head, followed through what keeps its shape (batch norm,
 * activation, residual add: ResNet50's {@code conv5_block3_out}, VGG16's {@code block5_conv3}).
 *
 * <pre>{@code
 * GradCam cam = GradCam.of(model);                       // or .layer("block5_conv3")
 * Heatmap h = cam.heatmap(Path.of("cat.jpg"), 281);     // class 281: tabby cat
 * Pictures.write(Pictures.overlay(cam.image(Path.of("cat.jpg")), h, "tabby"), Path.of("cat-281.png"));
 * }</pre>
 */
public final class GradCam {
    private final TransferModel model;
    private String layer;
    private GradientProbe probe;

    private GradCam(TransferModel model) {
        this.model = model;
        this.layer = defaultLayer(model);
    }

    public static GradCam of(TransferModel model) {
        return new GradCam(model);
    }

    /** Explains at {@code name} (a layer with an image-shaped output) instead of the default. */
    public GradCam layer(String name) {
        requireFeatureMap(model, name, "Grad-CAM");
        this.layer = name;
        this.probe = null;
        return this;
    }

    public String layer() {
        return layer;
    }

    /** Heatmap for class {@code classIndex} of an image file (resized and preprocessed as the model expects). */
    public Heatmap heatmap(Path image, int classIndex) {
        return heatmap(ModelImages.input(model, ModelImages.raw(model, image)), classIndex);
    }

    /** Heatmap for class {@code classIndex} of one preprocessed network input {@code [1, c, h, w]}. */
    public Heatmap heatmap(INDArray input, int classIndex) {
        if (input.rank() != 4 || input.size(0) != 1) {
            throw new IllegalArgumentException("heatmap takes one image [1, c, h, w], got " + java.util.Arrays.toString(input.shape()));
        }
        int classes = model.classCount();
        if (classIndex < 0 || classIndex >= classes) {
            throw new IllegalArgumentException("class " + classIndex + " is out of range: model '" + model.name() + "' has "
                    + classes + " classes (0.." + (classes - 1) + ")");
        }
        ComputationGraph g = model.graph();
        Map<String, INDArray> acts = g.feedForward(input, false);
        INDArray a = acts.get(layer).dup();
        INDArray probs = acts.get(g.getConfiguration().getNetworkOutputs().get(0));
        INDArray grad = probe().gradient(a, classIndex);
        INDArray weights = grad.mean(2, 3);                        // [1, channels]: alpha_k
        INDArray cam = a.mul(weights.reshape(1, weights.size(1), 1, 1)).sum(1)   // [1, h, w]
                .get(NDArrayIndex.point(0));
        double[][] map = new double[(int) cam.size(0)][(int) cam.size(1)];
        for (int y = 0; y < map.length; y++) {
            for (int x = 0; x < map[0].length; x++) {
                map[y][x] = Math.max(0, cam.getDouble(y, x));
            }
        }
        return new Heatmap(layer, classIndex, probs.getDouble(0, classIndex), map);
    }

    /** The gradient of the class score with respect to the layer's activations {@code a} (for checks and research). */
    public INDArray gradient(INDArray activations, int classIndex) {
        return probe().gradient(activations, classIndex);
    }

    /** The class scores (before the softmax) that {@link #gradient} differentiates, for activations {@code a}. */
    public INDArray scores(INDArray activations) {
        return probe().scores(activations);
    }

    private GradientProbe probe() {
        if (probe == null) {
            probe = GradientProbe.after(model.graph(), layer);
        }
        return probe;
    }

    /**
     * The last convolution in the graph, followed forward while its single consumer keeps the same image shape
     * and is not a convolution itself (batch norm, activation, add): the feature map the head reads.
     */
    static String defaultLayer(TransferModel model) {
        ComputationGraphConfiguration conf = model.graph().getConfiguration();
        Map<String, InputType> types = types(model);
        String last = null;
        for (int i : model.graph().topologicalSortOrder()) {
            String name = model.graph().getVertices()[i].getVertexName();
            if (conf.getVertices().get(name) instanceof LayerVertex lv
                    && Layers.unwrapFrozen(lv.getLayerConf().getLayer()) instanceof ConvolutionLayer
                    && types.get(name) instanceof InputType.InputTypeConvolutional) {
                last = name;
            }
        }
        if (last == null) {
            throw new IllegalArgumentException("model '" + model.name() + "' has no convolution layer to explain with Grad-CAM");
        }
        Map<String, List<String>> consumers = new HashMap<>();
        conf.getVertexInputs().forEach((v, ins) -> ins.forEach(in -> consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(v)));
        while (consumers.getOrDefault(last, List.of()).size() == 1) {
            String next = consumers.get(last).get(0);
            boolean conv = conf.getVertices().get(next) instanceof LayerVertex lv
                    && Layers.unwrapFrozen(lv.getLayerConf().getLayer()) instanceof ConvolutionLayer;
            if (conv || !types.get(last).equals(types.get(next)) || conf.getNetworkOutputs().contains(next)) {
                break;
            }
            last = next;
        }
        return last;
    }

    /**
     * The feature-map type of layer {@code name}; an error naming the model and close matches when there is no such
     * layer, or saying that {@code purpose} needs a feature map when the layer outputs a vector.
     */
    static InputType.InputTypeConvolutional requireFeatureMap(TransferModel model, String name, String purpose) {
        InputType t = types(model).get(name);
        if (t == null) {
            throw new IllegalArgumentException("model '" + model.name() + "' has no layer named '" + name + "'; close matches: "
                    + io.transfer4j.dsl.Names.closest(name, model.graph().getConfiguration().getVertices().keySet()));
        }
        if (!(t instanceof InputType.InputTypeConvolutional c)) {
            throw new IllegalArgumentException("layer '" + name + "' outputs a vector (" + t + "); " + purpose + " needs"
                    + " a layer with a feature map (a conv layer or a block output before the pooling / flatten)");
        }
        return c;
    }

    static Map<String, InputType> types(TransferModel model) {
        var s = model.inputShapes().get(0);
        InputType in = s.image() ? InputType.convolutional(s.height(), s.width(), s.channels()) : InputType.feedForward(s.size());
        return io.transfer4j.dsl.ActivationTypes.of(model.graph().getConfiguration(), in);
    }
}
