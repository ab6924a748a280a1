package io.transfer4j.dsl;

/**
 * A DenseNet dense block: {@code layers} times BN-ReLU-1×1 conv ({@code 4k} filters)-BN-ReLU-3×3 conv
 * ({@code k} filters, the growth rate), each layer's output concatenated to its input, so the block adds
 * {@code layers·k} channels. Convolutions have no bias; BN epsilon 1.001e-5 (Keras's DenseNet). Names
 * follow Keras: {@code <prefix>_block1_0_bn}, {@code _block1_0_relu}, {@code _block1_1_conv},
 * {@code _block1_1_bn}, {@code _block1_1_relu}, {@code _block1_2_conv}, {@code _block1_concat}, ...
 *
 * <pre>{@code
 * b.apply("conv2", DenseBlock.of(6, 32));   // or b.denseBlock("conv2", 6, 32): 64 -> 256 channels
 * }</pre>
 */
public final class DenseBlock implements Block {
    private final int layers;
    private final int growth;
    private int bottleneckWidth;
    private double eps = 1.001e-5;

    private DenseBlock(int layers, int growth) {
        this.layers = LayerSpec.positive("dense block layers", layers);
        this.growth = LayerSpec.positive("dense block growth rate", growth);
        this.bottleneckWidth = 4 * growth;
    }

    /** {@code layers} dense layers of growth rate {@code growth}. */
    public static DenseBlock of(int layers, int growth) {
        return new DenseBlock(layers, growth);
    }

    /** Filters of each layer's 1×1 bottleneck convolution (default {@code 4·growth}). */
    public DenseBlock bottleneckWidth(int filters) {
        this.bottleneckWidth = LayerSpec.positive("dense block bottleneck width", filters);
        return this;
    }

    /** Batch-norm epsilon (default 1.001e-5). */
    public DenseBlock eps(double epsilon) {
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("batch norm epsilon must be > 0, got " + epsilon);
        }
        this.eps = epsilon;
        return this;
    }

    /** Channels this block adds to its input. */
    public int addedChannels() {
        return layers * growth;
    }

    @Override
    public void define(NetworkBuilder b) {
        for (int i = 1; i <= layers; i++) {
            b.block("block" + i, this::layer);
        }
    }

    private void layer(NetworkBuilder b) {
        String in = b.last();
        b.batchNorm().eps(eps).name("0_bn");
        b.relu().name("0_relu");
        b.conv(bottleneckWidth, 1).noBias().name("1_conv");
        b.batchNorm().eps(eps).name("1_bn");
        b.relu().name("1_relu");
        b.conv(growth, 3).same().noBias().name("2_conv");
        b.concat(in, b.last()).name("concat");
    }
}
