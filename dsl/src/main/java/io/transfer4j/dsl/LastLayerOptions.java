package io.transfer4j.dsl;

import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * The option calls of {@link NetworkBuilder}: each changes the layer added last (its name, stride, padding, dilation,
 * pooling rounding, bias, fused activation, batch-norm settings, per-layer updater and initialisation), and is an
 * error naming the layer and the options it takes when it does not fit that layer, or when no layer was added since
 * {@link NetworkBuilder#from}. Public for the documentation and for callers in other languages; only
 * {@link NetworkBuilder} extends it (the constructor is package-private).
 *
 * <pre>{@code Network.builder("n").input(32, 32, 3).conv(16, 3).stride(2).same().noBias().name("stem").build();}</pre>
 */
public abstract class LastLayerOptions {
    final NodeTable table;
    final Cursor cursor;

    LastLayerOptions(NodeTable table, Cursor cursor) {
        this.table = table;
        this.cursor = cursor;
    }

    /** The builder itself, which every option call returns. */
    abstract NetworkBuilder self();

    /** Names the layer added last; inside a block the block's prefix is prepended. */
    public NetworkBuilder name(String name) {
        table.rename(cursor.nameTarget(name), table.qualify(name));
        return self();
    }

    /** {@link #name(String)} with {@code String.format} arguments: {@code name("block%d_conv%d", s, i)}. */
    public NetworkBuilder name(String format, Object... args) {
        return name(String.format(format, args));
    }

    public NetworkBuilder stride(int s) {
        return stride(s, s);
    }

    public NetworkBuilder stride(int sh, int sw) {
        LayerOptions.stride(cursor, sh, sw);
        return self();
    }

    public NetworkBuilder padding(Padding padding) {
        LayerOptions.padding(cursor, padding);
        return self();
    }

    /** Padding SAME: output size {@code ceil(in / stride)}. */
    public NetworkBuilder same() {
        return padding(Padding.SAME);
    }

    /** Padding SAME with any extra pixel top/left (ONNX's {@code SAME_LOWER}) instead of bottom/right. */
    public NetworkBuilder sameStart() {
        return padding(Padding.SAME_START);
    }

    /** Explicit symmetric zero padding {@code p}. */
    public NetworkBuilder pad(int p) {
        return padding(Padding.of(p));
    }

    /** Explicit padding per side, e.g. {@code pad(0, 1, 0, 1)} for Keras's {@code ZeroPadding2D(((0,1),(0,1)))}. */
    public NetworkBuilder pad(int top, int bottom, int left, int right) {
        return padding(Padding.of(top, bottom, left, right));
    }

    /** Dilation of the conv or max pooling added last. */
    public NetworkBuilder dilation(int d) {
        return dilation(d, d);
    }

    public NetworkBuilder dilation(int dh, int dw) {
        LayerOptions.dilation(cursor, dh, dw);
        return self();
    }

    /** Pooling output size rounded up, PyTorch's {@code ceil_mode=True} (the last window may hang over the end). */
    public NetworkBuilder ceilMode() {
        LayerOptions.ceilMode(cursor);
        return self();
    }

    /** Average pooling counts padding in the divisor (PyTorch's default {@code count_include_pad=True}). */
    public NetworkBuilder countIncludePad() {
        LayerOptions.countIncludePad(cursor);
        return self();
    }

    /** The global pooling added last gives a 1×1×C image instead of a vector (a squeeze-and-excitation squeeze). */
    public NetworkBuilder keepDims() {
        LayerOptions.keepDims(cursor);
        return self();
    }

    /** Extra rows and columns at the bottom/right of a transposed conv's output (PyTorch's {@code output_padding}). */
    public NetworkBuilder outputPadding(int p) {
        return outputPadding(p, p);
    }

    public NetworkBuilder outputPadding(int rows, int columns) {
        LayerOptions.outputPadding(cursor, rows, columns);
        return self();
    }

    /** Removes the bias of the conv or dense layer added last. */
    public NetworkBuilder noBias() {
        LayerOptions.noBias(cursor);
        return self();
    }

    /** Fused activation of the conv or dense layer added last (no extra layer). */
    public NetworkBuilder act(Activation fn) {
        return act(fn.getActivationFunction());
    }

    /** Fused activation with parameters, e.g. {@code act(new ActivationLReLU(0.1))}. */
    public NetworkBuilder act(IActivation fn) {
        LayerOptions.act(cursor, fn);
        return self();
    }

    /** Epsilon of the batch norm added last (default 1e-3, Keras's). */
    public NetworkBuilder eps(double eps) {
        LayerOptions.eps(cursor, eps);
        return self();
    }

    /**
     * Drops the learned scale (gamma) of the batch norm added last, Keras's {@code BatchNormalization(scale=False)}:
     * beta, moving mean and variance remain ({@link CenteredBatchNorm}), as InceptionV3's weight files have them.
     */
    public NetworkBuilder noScale() {
        LayerOptions.noScale(cursor);
        return self();
    }

    /**
     * Momentum of the batch norm added last: running statistics move as {@code stat = m·stat + (1-m)·batch}
     * (default 0.99, Keras's; PyTorch's default is 0.9 in this convention, which suits runs of a few hundred steps).
     */
    public NetworkBuilder momentum(double momentum) {
        LayerOptions.momentum(cursor, momentum);
        return self();
    }

    /** Optimizer for the layer added last only, overriding {@link NetworkBuilder#updater(IUpdater)}. */
    public NetworkBuilder withUpdater(IUpdater layerUpdater) {
        LayerOptions.updater(cursor, layerUpdater);
        return self();
    }

    /** Weight initialisation for the layer added last only. */
    public NetworkBuilder withWeightInit(WeightInit layerInit) {
        LayerOptions.weightInit(cursor, layerInit);
        return self();
    }
}
