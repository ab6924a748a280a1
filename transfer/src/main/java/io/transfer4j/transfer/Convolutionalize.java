package io.transfer4j.transfer;

import io.transfer4j.dsl.AxisSoftmax;
import io.transfer4j.dsl.Layers;
import io.transfer4j.dsl.Shape;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * FC → conv (course notes, seed 003): the flatten + dense layers after an F×F×C conv volume become an F×F conv
 * with D filters and 1×1 convs, with the same weights rearranged (not retrained), so the network takes larger
 * images and returns a spatial map of class scores — VGG16 trained at 224×224 gives a 6×6×1000 map at 384×384,
 * each cell the original's prediction for one 224×224 window (stride 32). The softmax head becomes a softmax over
 * the channels of each cell. Layers keep their names; frozen layers are unwrapped (the result is for inference).
 *
 * <pre>{@code
 * TransferModel vgg = TransferModel.from(Zoo.vgg16().weights("imagenet"));
 * TransferModel map = Convolutionalize.of(vgg, 384, 384);   // output [n, 1000, 6, 6]
 * }</pre>
 */
public final class Convolutionalize {
    private Convolutionalize() {
    }

    /** {@code model} rearranged to take {@code height}×{@code width} images; labels and preprocessing carried over. */
    public static TransferModel of(TransferModel model, int height, int width) {
        Shape in = model.inputShapes().get(0);
        ComputationGraph old = model.graph();
        ComputationGraphConfiguration conf = configuration(old.getConfiguration(), in, height, width);
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        for (GraphVertex v : conf.getVertices().values()) {
            if (!(v instanceof LayerVertex lv) || lv.numParams(false) == 0) {
                continue;
            }
            String name = lv.getLayerConf().getLayer().getLayerName();
            copyParams(old.getLayer(name), graph.getLayer(name));
        }
        Shape shape = Shape.image(height, width, in.channels());
        TransferModel m = new TransferModel(model.name() + "-" + height + "x" + width, graph, List.of(shape), null);
        if (model.labelsOrNull() != null) {
            m.labels(model.labelsOrNull());
        }
        m.preprocessing(model.preprocessing() == null ? null : model.preprocessing().withSize(height, width));
        return m;
    }

    /**
     * The rearranged configuration (no weights) for {@code height}×{@code width} inputs, for a graph trained at
     * {@code trained}. Fails naming the layer where the network is not conv layers, then flatten, then dense
     * layers (a global pooling, a merge after the flatten, a second input).
     */
    public static ComputationGraphConfiguration configuration(ComputationGraphConfiguration conf, Shape trained, int height, int width) {
        if (!trained.image() || conf.getNetworkInputs().size() != 1) {
            throw new IllegalArgumentException("convolutionalize needs one image input, got " + conf.getNetworkInputs().size()
                    + " input(s) of shape " + trained);
        }
        if (height < trained.height() || width < trained.width()) {
            throw new IllegalArgumentException("convolutionalize makes the network take larger images: " + height + "x" + width
                    + " is smaller than the training size " + trained.height() + "x" + trained.width());
        }
        Map<String, InputType> types = GraphSurgery.types(conf, List.of(trained));
        Map<String, List<String>> inputs = conf.getVertexInputs();
        Map<String, String> alias = new HashMap<>();   // removed flatten vertex -> what it read
        NeuralNetConfiguration.Builder base = new NeuralNetConfiguration.Builder();
        ComputationGraphConfiguration.GraphBuilder g = base.graphBuilder().addInputs(conf.getNetworkInputs());
        boolean converted = false;
        for (String name : order(conf)) {
            GraphVertex v = conf.getVertices().get(name);
            List<String> from = inputs.get(name).stream().map(i -> alias.getOrDefault(i, i)).toList();
            boolean flatIn = inputs.get(name).stream().anyMatch(i -> !(types.get(i) instanceof InputType.InputTypeConvolutional));
            if (v instanceof PreprocessorVertex) {
                alias.put(name, from.get(0));
                continue;
            }
            if (!(v instanceof LayerVertex lv)) {
                if (flatIn || !(types.get(name) instanceof InputType.InputTypeConvolutional)) {
                    throw cannot(name, v.getClass().getSimpleName() + " after the flatten");
                }
                g.addVertex(name, v.clone(), from.toArray(String[]::new));
                continue;
            }
            Layer l = Layers.unwrapFrozen(lv.getLayerConf().getLayer()).clone();
            InputType inType = types.get(inputs.get(name).get(0));
            if (l instanceof GlobalPoolingLayer) {
                throw cannot(name, "a global pooling: the network is already convolutional up to it; take it without the"
                        + " pooling and head (includeTop(false), Pooling.NONE) to get its feature map at any size");
            }
            if (!(types.get(name) instanceof InputType.InputTypeConvolutional) || flatIn) {
                l = toConv(name, l, volumeOf(conf, types, name), inType);
                converted = true;
            }
            g.addLayer(name, l, from.toArray(String[]::new));
        }
        if (!converted) {
            throw new IllegalArgumentException("convolutionalize: the network has no flatten + dense layers to convert"
                    + " (it is convolutional already: give it larger images directly)");
        }
        g.setOutputs(conf.getNetworkOutputs().stream().map(o -> alias.getOrDefault(o, o)).toArray(String[]::new));
        g.setInputTypes(InputType.convolutional(height, width, trained.channels()));
        g.allowNoOutput(true).validateOutputLayerConfig(false);
        return g.build();
    }

    /** The conv that replaces a layer on a vector: F×F over the conv volume, or 1×1 after an earlier conversion. */
    private static Layer toConv(String name, Layer l, InputType.InputTypeConvolutional volume, InputType in) {
        if (l instanceof DropoutLayer || l instanceof ActivationLayer || l instanceof BatchNormalization) {
            if (l instanceof ActivationLayer a) {
                a.setActivationFn(onMap(a.getActivationFn()));
            }
            return l;
        }
        if (!(l instanceof DenseLayer || l.getClass() == org.deeplearning4j.nn.conf.layers.OutputLayer.class)) {
            throw cannot(name, l.getClass().getSimpleName() + " on a vector (only dense, output, batch norm, dropout and activation layers convert)");
        }
        FeedForwardLayer f = (FeedForwardLayer) l;
        int kh = volume == null ? 1 : (int) volume.getHeight();
        int kw = volume == null ? 1 : (int) volume.getWidth();
        boolean bias = l instanceof DenseLayer d ? d.hasBias() : ((BaseOutputLayer) l).hasBias();
        ConvolutionLayer c = new ConvolutionLayer.Builder(kh, kw).stride(1, 1).convolutionMode(ConvolutionMode.Truncate)
                .nIn(volume == null ? in.arrayElementsPerExample() : volume.getChannels()).nOut(f.getNOut()).hasBias(bias)
                .activation(onMap(f.getActivationFn())).build();
        BaseLayer b = (BaseLayer) l;
        c.setIUpdater(b.getIUpdater());
        c.setBiasUpdater(b.getBiasUpdater());
        c.setWeightInitFn(b.getWeightInitFn());
        c.setIDropout(b.getIDropout());
        c.setRegularization(b.getRegularization());
        c.setRegularizationBias(b.getRegularizationBias());
        return c;
    }

    private static IActivation onMap(IActivation fn) {
        return fn instanceof ActivationSoftmax ? new AxisSoftmax(1) : fn;   // class scores per cell sum to 1
    }

    /** The conv volume a layer reads through a flatten (trained-size shape), or null if it reads a vector. */
    private static InputType.InputTypeConvolutional volumeOf(ComputationGraphConfiguration conf, Map<String, InputType> types, String name) {
        String in = conf.getVertexInputs().get(name).get(0);
        if (conf.getVertices().get(in) instanceof PreprocessorVertex) {
            in = conf.getVertexInputs().get(in).get(0);
        }
        return types.get(in) instanceof InputType.InputTypeConvolutional c ? c : null;
    }

    /** Dense W [nIn, nOut] (nIn in DL4J's c, h, w flatten order) becomes conv W [nOut, c, h, w]; other params copy. */
    private static void copyParams(org.deeplearning4j.nn.api.Layer from, org.deeplearning4j.nn.api.Layer to) {
        for (Map.Entry<String, INDArray> e : from.paramTable().entrySet()) {
            INDArray target = to.getParam(e.getKey());
            INDArray src = e.getValue();
            if (e.getKey().equals("W") && target.rank() == 4 && src.rank() == 2) {
                target.assign(src.transpose().dup('c').reshape('c', target.shape()));
            } else {
                target.assign(src.reshape(target.shape()));
            }
        }
    }

    private static IllegalArgumentException cannot(String layer, String what) {
        return new IllegalArgumentException("cannot convolutionalize at layer '" + layer + "': it is " + what
                + "; convolutionalize applies to conv layers, then flatten, then dense layers (VGG, AlexNet, LeNet-style heads)");
    }

    /** Inputs first, then each vertex after its inputs. */
    private static List<String> order(ComputationGraphConfiguration conf) {
        Map<String, Integer> pending = new LinkedHashMap<>();
        Map<String, List<String>> consumers = new HashMap<>();
        conf.getVertexInputs().forEach((v, ins) -> {
            pending.put(v, ins.size());
            ins.forEach(i -> consumers.computeIfAbsent(i, k -> new ArrayList<>()).add(v));
        });
        Deque<String> ready = new ArrayDeque<>(conf.getNetworkInputs());
        List<String> out = new ArrayList<>();
        while (!ready.isEmpty()) {
            String v = ready.poll();
            if (!conf.getNetworkInputs().contains(v)) {
                out.add(v);
            }
            for (String c : consumers.getOrDefault(v, List.of())) {
                if (pending.merge(c, -1, Integer::sum) == 0) {
                    ready.add(c);
                }
            }
        }
        return out;
    }
}
