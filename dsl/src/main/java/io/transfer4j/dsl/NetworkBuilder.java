package io.transfer4j.dsl;

import java.util.function.Consumer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * Fluent definition of a network that becomes a DL4J {@code ComputationGraph}. Each layer call wires to
 * the previous node's output; option calls ({@link #name}, {@link #stride}, {@link #same}, ...; see
 * {@link LastLayerOptions}) change the layer added last; the stand-alone activation layers ({@link #relu}, {@link #gelu}, ...)
 * are listed in {@link ActivationLayers}. Shapes are inferred as you go and checked, so a bad definition fails here, naming
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
 * <p>Names: a layer without an explicit {@link #name} is called {@code <kind><n>}, counting every layer of
 * that kind added in the same block from 1 (a layer renamed afterwards still used its number). Kinds:
 * {@code conv dwconv sepconv deconv pad max_pool avg_pool global_avg_pool global_max_pool flatten dense
 * output loss bn dropout lrn add multiply concat scale_channels slice}, and for activation layers the function's name:
 * {@code relu leaky_relu elu sigmoid tanh softmax identity} (any DL4J activation: {@code softplus1}).
 * Inside a {@link #block} every name, explicit or automatic, gets the block's prefix
 * ({@code conv2_block1_1_conv}), and {@link #from}/merges find block-local names first. A duplicate name
 * is an error. Option calls apply to the layer just added: after {@link #from} they are an error until
 * a layer is added, so they can never silently change an earlier layer.
 */
public final class NetworkBuilder extends ActivationLayers {
    private final String networkName;
    private final NetworkDefaults defaults = new NetworkDefaults();

    NetworkBuilder(String networkName) {
        this(networkName, new NodeTable(networkName));
    }

    private NetworkBuilder(String networkName, NodeTable table) {
        super(table, new Cursor(networkName, table));
        this.networkName = networkName;
    }

    @Override
    NetworkBuilder self() {
        return this;
    }

    // ---- network-wide settings ---------------------------------------------------------------------

    /** Random seed for weight initialisation and dropout (default 42). */
    public NetworkBuilder seed(long seed) {
        defaults.seed = seed;
        return this;
    }

    /** Default optimizer for every layer (default Adam 1e-3); see {@link Updaters}. */
    public NetworkBuilder updater(IUpdater updater) {
        defaults.updater = updater;
        return this;
    }

    /** Default weight initialisation (default Xavier; use {@code WeightInit.RELU} for He). */
    public NetworkBuilder weightInit(WeightInit weightInit) {
        defaults.weightInit = weightInit;
        return this;
    }

    /** L2 weight decay for every layer. */
    public NetworkBuilder l2(double l2) {
        defaults.l2(l2);
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
        cursor.appendInput(name, shape);
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

    /** Channels {@code from} (inclusive) to {@code to} (exclusive) of the current node (a grouped conv's split). */
    public NetworkBuilder sliceChannels(int from, int to) {
        return add(new SliceSpec(from, to));
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

    /** Local response normalization with AlexNet's values: {@code lrn(5, 5e-4, 0.75, 2)}. */
    public NetworkBuilder lrn() {
        return lrn(5, 5e-4, 0.75, 2);
    }

    /**
     * Local response normalization as PyTorch's {@code LocalResponseNorm(size, alpha, beta, k)} and ONNX's {@code LRN}:
     * {@code x / (k + alpha/size · Σ x²)^beta} over {@code size} neighbouring channels (odd sizes).
     */
    public NetworkBuilder lrn(int size, double alpha, double beta, double k) {
        return add(new LrnSpec(size, alpha, beta, k));
    }

    /** Classification head: dense {@code classes} + softmax, trained with cross-entropy. */
    public NetworkBuilder output(int classes) {
        return add(DenseSpec.classifier(classes));
    }

    /** Same as {@link #output(int)}: a softmax classifier over {@code classes}. */
    public NetworkBuilder softmax(int classes) {
        return output(classes);
    }

    /**
     * Trains what the previous layer outputs with {@code loss}, per pixel on an image (a segmentation-style head:
     * {@code .conv(classes, 1).softmax().loss(LossFunction.MCXENT)}, labels [batch, classes, H, W]).
     */
    public NetworkBuilder loss(LossFunction loss) {
        return add(new LossSpec(loss));
    }

    /** Regression head: dense {@code outputs}, identity activation, mean squared error. */
    public NetworkBuilder regression(int outputs) {
        return add(new DenseSpec(outputs, Activation.IDENTITY, LossFunction.MSE));
    }

    // ---- graph wiring and blocks --------------------------------------------------------------------

    /** Name of the node the next layer will read from. */
    public String last() {
        return cursor.require("last").name;
    }

    /** Continues from an earlier node (to start a branch). */
    public NetworkBuilder from(String name) {
        cursor.moveTo(table.find(name));
        return this;
    }

    /** Element-wise sum of the named nodes (shapes must match). */
    public NetworkBuilder add(String... inputs) {
        cursor.appendMerge(MergeSpec.Op.ADD, inputs);
        return this;
    }

    /** Element-wise product of the named nodes. */
    public NetworkBuilder multiply(String... inputs) {
        cursor.appendMerge(MergeSpec.Op.MULTIPLY, inputs);
        return this;
    }

    /**
     * The image {@code input} multiplied per channel by {@code gate} (1×1×C or a vector of C), broadcast over height
     * and width: squeeze-and-excitation's excitation ({@link SqueezeExciteBlock}), ONNX's broadcasting {@code Mul}.
     */
    public NetworkBuilder scaleChannels(String input, String gate) {
        cursor.appendMerge(MergeSpec.Op.SCALE_CHANNELS, input, gate);
        return this;
    }

    /** Concatenation along channels of the named nodes (same height and width). */
    public NetworkBuilder concat(String... inputs) {
        cursor.appendMerge(MergeSpec.Op.CONCAT, inputs);
        return this;
    }

    /**
     * Runs {@code body} with every name inside prefixed by {@code prefix + "_"}, so a block used twice
     * never collides. The block continues from the current node; what it leaves current is its output.
     */
    public NetworkBuilder block(String prefix, Consumer<NetworkBuilder> body) {
        table.inScope(prefix, () -> body.accept(this));
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

    /** A squeeze-and-excitation block squeezing to {@code reduced} channels; see {@link SqueezeExciteBlock}. */
    public NetworkBuilder squeezeExcite(String prefix, int reduced) {
        return apply(prefix, SqueezeExciteBlock.of(reduced));
    }

    /** A grouped convolution (stride 1, VALID, with bias); see {@link GroupedConvBlock} for its options. */
    public NetworkBuilder groupedConv(String prefix, int filters, int kernel, int groups) {
        return apply(prefix, GroupedConvBlock.of(filters, kernel, groups));
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
        return table.shapes().get(table.find(name));
    }

    /** Marks the network's outputs explicitly (default: the node added last). */
    public NetworkBuilder outputs(String... names) {
        table.markOutputs(names);
        return this;
    }

    /** Validates every shape and produces the DL4J configuration wrapped in a {@link Network}. */
    public Network build() {
        return GraphAssembly.assemble(networkName, defaults.configuration(), table, cursor.current());
    }
}
