package io.transfer4j.dsl;

/**
 * A grouped convolution (PyTorch's {@code Conv2d(groups=g)}, ResNeXt, RegNet, ShuffleNet): the input channels are split
 * into {@code groups} equal slices, each convolved by its own {@code filters / groups} filters, and the results
 * concatenated. DL4J has no grouped convolution, so the block is made of the DSL's own layers: per group {@code i}
 * a {@code slice<i>} of the channels and a {@code conv<i>}, then {@code concat}. (Depthwise convolution, groups equal
 * to the channels, is {@link NetworkBuilder#depthwiseConv}: one layer.)
 *
 * <pre>{@code
 * b.apply("layer1_conv2", GroupedConvBlock.of(128, 3, 32).stride(2).padding(Padding.of(1)).bias(false));
 * // layer1_conv2_slice0, layer1_conv2_conv0, ..., layer1_conv2_conv31, layer1_conv2_concat
 * }</pre>
 */
public final class GroupedConvBlock implements Block {
    private final int filters;
    private final int kernelHeight;
    private final int kernelWidth;
    private final int groups;
    private int strideHeight = 1;
    private int strideWidth = 1;
    private int dilation = 1;
    private Padding padding = Padding.VALID;
    private boolean bias = true;

    private GroupedConvBlock(int filters, int kernelHeight, int kernelWidth, int groups) {
        this.filters = LayerSpec.positive("grouped conv filters", filters);
        this.kernelHeight = LayerSpec.positive("grouped conv kernel", kernelHeight);
        this.kernelWidth = LayerSpec.positive("grouped conv kernel", kernelWidth);
        this.groups = LayerSpec.positive("grouped conv groups", groups);
        if (filters % groups != 0) {
            throw new IllegalArgumentException("grouped conv: " + filters + " filters do not split into " + groups + " groups");
        }
    }

    /** {@code filters} in {@code groups} groups, a square {@code kernel}. */
    public static GroupedConvBlock of(int filters, int kernel, int groups) {
        return new GroupedConvBlock(filters, kernel, kernel, groups);
    }

    /** A {@code kernelHeight}×{@code kernelWidth} kernel. */
    public static GroupedConvBlock of(int filters, int kernelHeight, int kernelWidth, int groups) {
        return new GroupedConvBlock(filters, kernelHeight, kernelWidth, groups);
    }

    public GroupedConvBlock stride(int s) {
        return stride(s, s);
    }

    public GroupedConvBlock stride(int sh, int sw) {
        this.strideHeight = LayerSpec.positive("grouped conv stride", sh);
        this.strideWidth = LayerSpec.positive("grouped conv stride", sw);
        return this;
    }

    public GroupedConvBlock dilation(int d) {
        this.dilation = LayerSpec.positive("grouped conv dilation", d);
        return this;
    }

    public GroupedConvBlock padding(Padding p) {
        this.padding = java.util.Objects.requireNonNull(p, "padding");
        return this;
    }

    /** Whether each group's conv has a bias (default true, PyTorch's). */
    public GroupedConvBlock bias(boolean withBias) {
        this.bias = withBias;
        return this;
    }

    @Override
    public void define(NetworkBuilder b) {
        String input = b.last();
        int channels = b.shape().channels();
        if (channels % groups != 0) {
            throw new ShapeException(input, "a grouped conv of " + groups + " groups needs channels divisible by " + groups
                    + " but its input has " + channels);
        }
        int in = channels / groups;
        String[] outs = new String[groups];
        for (int g = 0; g < groups; g++) {
            b.from(input).sliceChannels(g * in, (g + 1) * in).name("slice%d", g)
                    .conv(filters / groups, kernelHeight, kernelWidth).stride(strideHeight, strideWidth).dilation(dilation).padding(padding);
            if (!bias) {
                b.noBias();
            }
            outs[g] = b.name("conv%d", g).last();
        }
        if (groups > 1) {
            b.concat(outs).name("concat");
        }
    }
}
