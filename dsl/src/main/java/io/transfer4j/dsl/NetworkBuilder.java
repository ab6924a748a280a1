package io.transfer4j.dsl;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * Fluent definition of a network that becomes a DL4J {@code ComputationGraph}. Each layer call wires to
 * the previous node's output; option calls ({@link #name}, {@link #stride}, {@link #same}, ...) change the
 * layer added last. Shapes are inferred as you go and checked, so a bad definition fails here, naming
 * the layer, rather than deep inside ND4J.
 *
 * <pre>{@code
 * Network net = Network.builder("lab-cnn")
 *     .input(28, 28, 1)
 *     .conv(32, 3).act(Activation.RELU)
 *     .conv(64, 3).act(Activation.RELU)
 *     .maxPool(2).dropout(0.25)
 *     .flatten().dense(128).act(Activation.RELU).dropout(0.5)
 *     .output(10)
 *     .build();
 * }</pre>
 *
 * <p>Names: a layer without an explicit {@link #name} is called {@code <kind><n>} ({@code conv1},
 * {@code conv2}, {@code max_pool1}, {@code dense1}, {@code bn1}, {@code relu1}, {@code add1}, ...), counting
 * per kind from 1; inside a {@link #block} every name, explicit or automatic, gets the block's prefix
 * ({@code conv2_block1_1_conv}). A duplicate name is an error.
 */
public final class NetworkBuilder {
    final String networkName;
    private final List<Node> nodes = new ArrayList<>();
    private final Map<String, Node> byName = new HashMap<>();
    private final Map<String, Integer> counters = new HashMap<>();
    private final Deque<String> scopes = new ArrayDeque<>();
    private final List<Node> outputs = new ArrayList<>();
    private Node current;
    private long seed = 42;
    private IUpdater updater = new Adam(1e-3);
    private WeightInit weightInit = WeightInit.XAVIER;
    private double l2;

    NetworkBuilder(String networkName) {
        this.networkName = networkName;
    }

    // ---- network-wide settings ---------------------------------------------------------------------

    /** Random seed for weight initialisation and dropout (default 42). */
    public NetworkBuilder seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** Default optimizer for every layer (default Adam 1e-3); see {@link Updaters}. */
    public NetworkBuilder updater(IUpdater updater) {
        this.updater = updater;
        return this;
    }

    /** Default weight initialisation (default Xavier; use {@code WeightInit.RELU} for He). */
    public NetworkBuilder weightInit(WeightInit weightInit) {
        this.weightInit = weightInit;
        return this;
    }

    /** L2 weight decay for every layer. */
    public NetworkBuilder l2(double l2) {
        this.l2 = l2;
        return this;
    }

    // ---- inputs -------------------------------------------------------------------------------------

    /** An image input named {@code input} (height, width, channels). */
    public NetworkBuilder input(int height, int width, int channels) {
        return input("input", Shape.image(LayerSpec.positive("input height", height),
                LayerSpec.positive("input width", width), LayerSpec.positive("input channels", channels)));
    }

    /** A flat vector input named {@code input}. */
    public NetworkBuilder inputVector(int size) {
        return input("input", Shape.flat(LayerSpec.positive("input size", size)));
    }

    /** An input with an explicit name and shape (a network may have several). */
    public NetworkBuilder input(String name, Shape shape) {
        Node n = new Node(qualify(name), shape);
        register(n);
        current = n;
        return this;
    }

    // ---- layers -------------------------------------------------------------------------------------

    /** Square {@code kernel}×{@code kernel} convolution, stride 1, padding VALID, with bias. */
    public NetworkBuilder conv(int filters, int kernel) {
        return conv(filters, kernel, kernel);
    }

    public NetworkBuilder conv(int filters, int kernelHeight, int kernelWidth) {
        return add(new ConvSpec(ConvSpec.Flavour.STANDARD, filters, kernelHeight, kernelWidth));
    }

    /** Depthwise convolution: each input channel gets {@code multiplier} filters of its own. */
    public NetworkBuilder depthwiseConv(int kernel, int multiplier) {
        return add(new ConvSpec(ConvSpec.Flavour.DEPTHWISE, multiplier, kernel, kernel));
    }

    /** Depthwise-separable convolution: depthwise {@code kernel}×{@code kernel}, then 1×1 to {@code filters}. */
    public NetworkBuilder separableConv(int filters, int kernel) {
        return add(new ConvSpec(ConvSpec.Flavour.SEPARABLE, filters, kernel, kernel));
    }

    /** Transposed convolution (learnable upsampling): output {@code s·(in−1)+k−2p}, or {@code in·s} with SAME. */
    public NetworkBuilder transposedConv(int filters, int kernel) {
        return add(new ConvSpec(ConvSpec.Flavour.TRANSPOSED, filters, kernel, kernel));
    }

    /** {@code p} rows/columns of zeros on every side. */
    public NetworkBuilder zeroPad(int p) {
        return zeroPad(p, p, p, p);
    }

    public NetworkBuilder zeroPad(int top, int bottom, int left, int right) {
        return add(new ZeroPadSpec(top, bottom, left, right));
    }

    /** Max pooling with a square window; stride defaults to the window size. */
    public NetworkBuilder maxPool(int size) {
        return add(new PoolSpec(PoolingType.MAX, false, size, size));
    }

    /** Average pooling with a square window; stride defaults to the window size. */
    public NetworkBuilder avgPool(int size) {
        return add(new PoolSpec(PoolingType.AVG, false, size, size));
    }

    public NetworkBuilder globalAvgPool() {
        return add(new PoolSpec(PoolingType.AVG, true, 0, 0));
    }

    public NetworkBuilder globalMaxPool() {
        return add(new PoolSpec(PoolingType.MAX, true, 0, 0));
    }

    public NetworkBuilder flatten() {
        return add(new FlattenSpec());
    }

    /** Fully connected layer, identity activation unless {@link #act} is called. */
    public NetworkBuilder dense(int units) {
        return add(new DenseSpec(units, Activation.IDENTITY, null));
    }

    public NetworkBuilder batchNorm() {
        return add(new BatchNormSpec());
    }

    /** Dropout; {@code rate} is the fraction of units dropped (Keras's convention). */
    public NetworkBuilder dropout(double rate) {
        return add(new DropoutSpec(rate));
    }

    /** Local response normalization (AlexNet). */
    public NetworkBuilder lrn() {
        return add(new LrnSpec());
    }

    /** A stand-alone activation layer. */
    public NetworkBuilder activation(IActivation fn) {
        return add(new ActivationSpec(fn));
    }

    public NetworkBuilder activation(Activation fn) {
        return activation(fn.getActivationFunction());
    }

    public NetworkBuilder relu() {
        return activation(Activation.RELU);
    }

    public NetworkBuilder leakyRelu(double alpha) {
        return activation(new ActivationLReLU(alpha));
    }

    public NetworkBuilder elu() {
        return activation(Activation.ELU);
    }

    public NetworkBuilder sigmoid() {
        return activation(Activation.SIGMOID);
    }

    public NetworkBuilder tanh() {
        return activation(Activation.TANH);
    }

    public NetworkBuilder softmax() {
        return activation(Activation.SOFTMAX);
    }

    public NetworkBuilder identity() {
        return activation(Activation.IDENTITY);
    }

    /** Classification head: dense {@code classes} + softmax, trained with cross-entropy. */
    public NetworkBuilder output(int classes) {
        return add(new DenseSpec(classes, Activation.SOFTMAX, LossFunction.MCXENT));
    }

    /** Same as {@link #output(int)}: a softmax classifier over {@code classes}. */
    public NetworkBuilder softmax(int classes) {
        return output(classes);
    }

    /** Regression head: dense {@code outputs}, identity activation, mean squared error. */
    public NetworkBuilder regression(int outputs) {
        return add(new DenseSpec(outputs, Activation.IDENTITY, LossFunction.MSE));
    }

    // ---- options on the layer added last ------------------------------------------------------------

    /** Names the layer added last; inside a block the block's prefix is prepended. */
    public NetworkBuilder name(String name) {
        Node n = requireCurrent("name");
        String q = qualify(name);
        if (!q.equals(n.name)) {
            checkUnique(q);
            byName.remove(n.name);
            n.name = q;
            byName.put(q, n);
        }
        return this;
    }

    /** {@link #name(String)} with {@code String.format} arguments: {@code name("block%d_conv%d", s, i)}. */
    public NetworkBuilder name(String format, Object... args) {
        return name(String.format(format, args));
    }

    public NetworkBuilder stride(int s) {
        return stride(s, s);
    }

    public NetworkBuilder stride(int sh, int sw) {
        LayerSpec.positive("stride", sh);
        LayerSpec.positive("stride", sw);
        LayerSpec spec = spec("stride");
        if (spec instanceof ConvSpec c) {
            c.sh = sh;
            c.sw = sw;
        } else if (spec instanceof PoolSpec p && !p.global) {
            p.sh = sh;
            p.sw = sw;
        } else {
            throw notFor("stride");
        }
        return this;
    }

    public NetworkBuilder padding(Padding padding) {
        LayerSpec spec = spec("padding");
        if (spec instanceof ConvSpec c) {
            c.padding = padding;
        } else if (spec instanceof PoolSpec p && !p.global) {
            p.padding = padding;
        } else {
            throw notFor("padding");
        }
        return this;
    }

    /** Padding SAME: output size {@code ceil(in / stride)}. */
    public NetworkBuilder same() {
        return padding(Padding.SAME);
    }

    /** Explicit symmetric zero padding {@code p}. */
    public NetworkBuilder pad(int p) {
        return padding(Padding.of(p));
    }

    public NetworkBuilder dilation(int d) {
        LayerSpec.positive("dilation", d);
        ConvSpec c = conv("dilation");
        c.dh = d;
        c.dw = d;
        return this;
    }

    /** Removes the bias of the conv or dense layer added last. */
    public NetworkBuilder noBias() {
        LayerSpec spec = spec("noBias");
        if (spec instanceof ConvSpec c) {
            c.bias = false;
        } else if (spec instanceof DenseSpec d) {
            d.bias = false;
        } else {
            throw notFor("noBias");
        }
        return this;
    }

    /** Fused activation of the conv or dense layer added last (no extra layer). */
    public NetworkBuilder act(Activation fn) {
        LayerSpec spec = spec("act");
        if (spec instanceof ConvSpec c) {
            c.activation = fn;
        } else if (spec instanceof DenseSpec d) {
            d.activation = fn;
        } else {
            throw notFor("act");
        }
        return this;
    }

    /** Epsilon of the batch norm added last (default 1e-3, Keras's). */
    public NetworkBuilder eps(double eps) {
        if (!(spec("eps") instanceof BatchNormSpec bn)) {
            throw notFor("eps");
        }
        bn.eps = eps;
        return this;
    }

    /** Optimizer for the layer added last only, overriding {@link #updater(IUpdater)}. */
    public NetworkBuilder withUpdater(IUpdater layerUpdater) {
        spec("withUpdater").updater = layerUpdater;
        return this;
    }

    /** Weight initialisation for the layer added last only. */
    public NetworkBuilder withWeightInit(WeightInit layerInit) {
        spec("withWeightInit").weightInit = layerInit;
        return this;
    }

    // ---- graph wiring and blocks --------------------------------------------------------------------

    /** Name of the node the next layer will read from. */
    public String last() {
        return requireCurrent("last").name;
    }

    /** Continues from an earlier node (to start a branch). */
    public NetworkBuilder from(String name) {
        current = node(name);
        return this;
    }

    /** Element-wise sum of the named nodes (shapes must match). */
    public NetworkBuilder add(String... inputs) {
        return merge(MergeSpec.Op.ADD, inputs);
    }

    /** Element-wise product of the named nodes. */
    public NetworkBuilder multiply(String... inputs) {
        return merge(MergeSpec.Op.MULTIPLY, inputs);
    }

    /** Concatenation along channels of the named nodes (same height and width). */
    public NetworkBuilder concat(String... inputs) {
        return merge(MergeSpec.Op.CONCAT, inputs);
    }

    /**
     * Runs {@code body} with every name inside prefixed by {@code prefix + "_"}, so a block used twice
     * never collides. The block continues from the current node; what it leaves current is its output.
     */
    public NetworkBuilder block(String prefix, Consumer<NetworkBuilder> body) {
        scopes.addLast(prefix);
        try {
            body.accept(this);
        } finally {
            scopes.removeLast();
        }
        return this;
    }

    /** Applies a reusable {@link Block} under {@code prefix}: {@code apply("unit1", myBlock)}. */
    public NetworkBuilder apply(String prefix, Block block) {
        return block(prefix, block::define);
    }

    /** A basic residual block (two 3×3, torchvision style); see {@link ResidualBlock#basic}. */
    public NetworkBuilder residual(String prefix, int filters, int stride) {
        return apply(prefix, ResidualBlock.basic(filters).stride(stride));
    }

    /** A bottleneck residual block (Keras ResNet50 style): {@code bottleneck("conv2_block1", 64, 1)}. */
    public NetworkBuilder bottleneck(String prefix, int filters, int stride) {
        return apply(prefix, ResidualBlock.bottleneck(filters).stride(stride));
    }

    /** A GoogLeNet module (paper variant); see {@link InceptionBlock} for the BN variant. */
    public NetworkBuilder inception(String prefix, int c1, int c3Reduce, int c3, int c5Reduce, int c5, int poolProj) {
        return apply(prefix, InceptionBlock.of(c1, c3Reduce, c3, c5Reduce, c5, poolProj));
    }

    /** A DenseNet dense block: {@code denseBlock("conv2", 6, 32)}. */
    public NetworkBuilder denseBlock(String prefix, int layers, int growth) {
        return apply(prefix, DenseBlock.of(layers, growth));
    }

    /** A DenseNet transition: {@code transition("pool2", 0.5)}. */
    public NetworkBuilder transition(String prefix, double compression) {
        return apply(prefix, TransitionBlock.of(compression));
    }

    /** Output shape of the node added last (for blocks that adapt to their input). */
    public Shape shape() {
        return shapeOf(last());
    }

    /** Output shape of a named node. */
    public Shape shapeOf(String name) {
        return shapes().get(node(name));
    }

    /** Marks the network's outputs explicitly (default: the node added last). */
    public NetworkBuilder outputs(String... names) {
        outputs.clear();
        for (String n : names) {
            outputs.add(node(n));
        }
        return this;
    }

    /** Validates every shape and produces the DL4J configuration wrapped in a {@link Network}. */
    public Network build() {
        if (nodes.isEmpty() || !nodes.get(0).isInput()) {
            throw new IllegalStateException("network '" + networkName + "' has no input; start with input(h, w, c) or inputVector(n)");
        }
        Map<Node, Shape> shapes = shapes();
        NeuralNetConfiguration.Builder nb = new NeuralNetConfiguration.Builder()
                .seed(seed).updater(updater).weightInit(weightInit);
        if (l2 > 0) {
            nb.l2(l2);
        }
        ComputationGraphConfiguration.GraphBuilder g = nb.graphBuilder();
        List<String> inputNames = new ArrayList<>();
        List<Shape> inputShapes = new ArrayList<>();
        for (Node n : nodes) {
            if (n.isInput()) {
                inputNames.add(n.name);
                inputShapes.add(n.inputShape);
                continue;
            }
            List<Shape> in = n.inputs.stream().map(shapes::get).toList();
            String[] from = n.inputs.stream().map(i -> i.name).toArray(String[]::new);
            var layer = n.spec.configuredLayer(in);
            if (layer != null) {
                g.addLayer(n.name, layer, from);
            } else {
                g.addVertex(n.name, n.spec.vertex(in), from);
            }
        }
        g.addInputs(inputNames);
        g.setInputTypes(inputShapes.stream().map(Shape::toInputType).toArray(org.deeplearning4j.nn.conf.inputs.InputType[]::new));
        List<Node> outs = outputs.isEmpty() ? List.of(current) : outputs;
        g.setOutputs(outs.stream().map(n -> n.name).toArray(String[]::new));
        g.allowNoOutput(true).validateOutputLayerConfig(false);
        Map<String, Shape> named = new LinkedHashMap<>();
        shapes.forEach((n, s) -> named.put(n.name, s));
        return new Network(networkName, g.build(), inputShapes, named);
    }

    // ---- internals ----------------------------------------------------------------------------------

    private NetworkBuilder add(LayerSpec spec) {
        Node in = requireCurrent(spec.kind());
        Node n = new Node(autoName(spec.kind()), spec, List.of(in));
        register(n);
        current = n;
        return this;
    }

    private NetworkBuilder merge(MergeSpec.Op op, String... inputs) {
        if (inputs.length < 2) {
            throw new IllegalArgumentException(op.name().toLowerCase() + " needs at least two inputs, got " + List.of(inputs));
        }
        MergeSpec spec = new MergeSpec(op);
        List<Node> in = new ArrayList<>();
        for (String i : inputs) {
            in.add(node(i));
        }
        spec.inputNames = in.stream().map(x -> x.name).toList();
        Node n = new Node(autoName(spec.kind()), spec, in);
        register(n);
        current = n;
        return this;
    }

    Map<Node, Shape> shapes() {
        Map<Node, Shape> out = new IdentityHashMap<>();
        for (Node n : nodes) {
            if (n.isInput()) {
                out.put(n, n.inputShape);
            } else {
                out.put(n, n.spec.outputShape(n.name, n.inputs.stream().map(out::get).toList()));
            }
        }
        return out;
    }

    private String qualify(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("layer name must not be empty");
        }
        return scopes.isEmpty() ? name : String.join("_", scopes) + "_" + name;
    }

    private String autoName(String kind) {
        String base = qualify(kind);
        String name;
        do {
            int k = counters.merge(base, 1, Integer::sum);
            name = base + k;
        } while (byName.containsKey(name));
        return name;
    }

    private void register(Node n) {
        checkUnique(n.name);
        nodes.add(n);
        byName.put(n.name, n);
    }

    private void checkUnique(String name) {
        if (byName.containsKey(name)) {
            throw new IllegalArgumentException("duplicate layer name '" + name + "' in network '" + networkName
                    + "'; every layer needs its own name (blocks prefix theirs)");
        }
    }

    private Node node(String name) {
        Node n = byName.get(name);
        if (n == null) {
            throw new IllegalArgumentException("no layer named '" + name + "' in network '" + networkName
                    + "'; known: " + Names.closest(name, byName.keySet()));
        }
        return n;
    }

    private Node requireCurrent(String what) {
        if (current == null) {
            throw new IllegalStateException(what + "(): network '" + networkName + "' has no layer yet; call input(...) first");
        }
        return current;
    }

    private LayerSpec spec(String option) {
        Node n = requireCurrent(option);
        if (n.isInput()) {
            throw new IllegalStateException(option + "() applies to the layer added last, but the last node is the input '" + n.name + "'");
        }
        return n.spec;
    }

    private ConvSpec conv(String option) {
        if (spec(option) instanceof ConvSpec c) {
            return c;
        }
        throw notFor(option);
    }

    private IllegalStateException notFor(String option) {
        return new IllegalStateException(option + "() does not apply to layer '" + current.name + "' (" + current.spec.kind() + ")");
    }
}
