package io.transfer4j.dsl;

import org.nd4j.linalg.activations.Activation;

/**
 * A ResNet v1 (post-activation) residual block: a main path of convolutions with batch norm, added to a
 * shortcut, then ReLU. The shortcut is the identity when input and output shapes match, otherwise a
 * projection (1×1 conv with the block's stride + batch norm). Names follow Keras's ResNet50:
 * {@code <prefix>_0_conv}, {@code _0_bn} (shortcut), {@code _1_conv}, {@code _1_bn}, {@code _1_relu},
 * {@code _2_...}, {@code _3_conv}, {@code _3_bn}, {@code _add}, {@code _out}.
 *
 * <ul>
 *   <li>{@link #bottleneck(int)}: 1×1 (stride here, as Keras's ResNet50) → 3×3 same → 1×1 to
 *       {@code expansion·filters} (expansion 4). Defaults are Keras ResNet50's: conv biases on, BN
 *       epsilon 1.001e-5.</li>
 *   <li>{@link #basic(int)}: two 3×3 convolutions with explicit padding 1 (stride on the first), as
 *       torchvision's ResNet18/34. Defaults are torchvision's: no conv bias, BN epsilon 1e-5.</li>
 * </ul>
 *
 * <pre>{@code
 * b.apply("conv3_block1", ResidualBlock.bottleneck(128).stride(2));   // or b.bottleneck("conv3_block1", 128, 2)
 * b.apply("conv2_block1", ResidualBlock.basic(64).convBias(true).eps(1e-3));
 * }</pre>
 */
public final class ResidualBlock implements Block {
    private final boolean bottleneck;
    private final int filters;
    private int stride = 1;
    private int expansion;
    private boolean convBias;
    private double eps;
    private Boolean projection;   // null: decided from the shapes

    private ResidualBlock(boolean bottleneck, int filters) {
        this.bottleneck = bottleneck;
        this.filters = LayerSpec.positive("residual block filters", filters);
        this.expansion = bottleneck ? 4 : 1;
        this.convBias = bottleneck;
        this.eps = bottleneck ? 1.001e-5 : 1e-5;
    }

    /** Two 3×3 convolutions of {@code filters} (torchvision ResNet18/34 style). */
    public static ResidualBlock basic(int filters) {
        return new ResidualBlock(false, filters);
    }

    /** 1×1 {@code filters} → 3×3 {@code filters} → 1×1 {@code 4·filters} (Keras ResNet50 style). */
    public static ResidualBlock bottleneck(int filters) {
        return new ResidualBlock(true, filters);
    }

    /** Stride of the block (on the first convolution and the projection); 2 halves height and width. */
    public ResidualBlock stride(int s) {
        this.stride = LayerSpec.positive("residual block stride", s);
        return this;
    }

    /** Output channels = {@code expansion · filters} (bottleneck only; default 4). */
    public ResidualBlock expansion(int e) {
        if (!bottleneck && e != 1) {
            throw new IllegalArgumentException("expansion applies to bottleneck blocks only; a basic block outputs its filters");
        }
        this.expansion = LayerSpec.positive("residual block expansion", e);
        return this;
    }

    /** Whether convolutions have biases (Keras ResNet50: yes; torchvision: no, BN follows anyway). */
    public ResidualBlock convBias(boolean bias) {
        this.convBias = bias;
        return this;
    }

    /** Batch-norm epsilon of every BN in the block. */
    public ResidualBlock eps(double epsilon) {
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("batch norm epsilon must be > 0, got " + epsilon);
        }
        this.eps = epsilon;
        return this;
    }

    /** Forces a projection shortcut (true) or the identity (false); by default chosen from the shapes. */
    public ResidualBlock projection(boolean project) {
        this.projection = project;
        return this;
    }

    /** Channels this block outputs. */
    public int outputChannels() {
        return filters * expansion;
    }

    @Override
    public void define(NetworkBuilder b) {
        String in = b.last();
        Shape s = b.shape();
        int out = outputChannels();
        boolean project = projection != null ? projection : (s.channels() != out || stride != 1);
        // Definition order follows Keras's model.layers (by depth): the main path up to its last conv's
        // input, then shortcut conv, last conv, shortcut BN, last BN — so layer lists compare one to one.
        int lastK;
        if (bottleneck) {
            conv(b, filters, 1, stride, "1_conv");
            bnRelu(b, "1");
            conv(b, filters, 3, 1, "2_conv");
            b.same();
            bnRelu(b, "2");
            lastK = 1;
        } else {
            // explicit padding 1 (not SAME) so that stride 2 pads as torchvision does: top/left, not bottom/right
            conv(b, filters, 3, stride, "1_conv");
            b.pad(1);
            bnRelu(b, "1");
            lastK = 3;
        }
        String beforeLast = b.last();
        String shortcutConv = null;
        if (project) {
            b.from(in);
            conv(b, out, 1, stride, "0_conv");
            shortcutConv = b.last();
            b.from(beforeLast);
        }
        String last = bottleneck ? "3" : "2";
        conv(b, out, lastK, 1, last + "_conv");
        if (!bottleneck) {
            b.pad(1);
        }
        String lastConv = b.last();
        String shortcut = in;
        if (project) {
            b.from(shortcutConv).batchNorm().eps(eps).name("0_bn");
            shortcut = b.last();
            b.from(lastConv);
        }
        b.batchNorm().eps(eps).name(last + "_bn");
        // add() checks the shapes and names both inputs if they differ (e.g. projection(false) with a stride)
        b.add(shortcut, b.last()).name("add");
        b.activation(Activation.RELU).name("out");
    }

    private void conv(NetworkBuilder b, int f, int k, int s, String name) {
        b.conv(f, k).stride(s).name(name);
        if (!convBias) {
            b.noBias();
        }
    }

    private void bnRelu(NetworkBuilder b, String index) {
        b.batchNorm().eps(eps).name(index + "_bn");
        b.relu().name(index + "_relu");
    }
}
