package io.transfer4j.dsl;

import org.nd4j.linalg.activations.Activation;

/**
 * A GoogLeNet (Inception v1) module: four parallel branches concatenated along channels —
 * 1×1; 1×1 reduce → 3×3; 1×1 reduce → "5×5"; 3×3 max pool (stride 1) → 1×1 projection. Every branch
 * keeps the spatial size, so the output is {@code h×w×(c1 + c3 + c5 + pool)}.
 *
 * <p>Two variants of each convolution unit:
 * <ul>
 *   <li>the paper's (default): convolution with bias and fused ReLU, the wide branch really 5×5 — the
 *       variant behind the classic figure of 163,696 parameters for inception(3a) on 28×28×192;</li>
 *   <li>{@link #torchvision()}: convolution without bias + batch norm (epsilon 1e-3) + ReLU, and the
 *       wide branch 3×3 (torchvision's GoogLeNet has used a 3×3 there since its first release; that is
 *       the layout whose 6,624,904 parameters are usually quoted).</li>
 * </ul>
 * Names: {@code <prefix>_branch1_conv}, {@code _branch2_0_conv} (reduce), {@code _branch2_1_conv},
 * {@code _branch3_0_conv}, {@code _branch3_1_conv}, {@code _branch4_pool}, {@code _branch4_1_conv}, each
 * conv followed by {@code _bn} and {@code _relu} in the BN variant; then {@code <prefix>_concat}
 * (mirroring torchvision's {@code inception3a.branch2.1.conv}).
 *
 * <pre>{@code
 * b.apply("inception3a", InceptionBlock.of(64, 96, 128, 16, 32, 32));              // paper
 * b.apply("inception3a", InceptionBlock.of(64, 96, 128, 16, 32, 32).torchvision()); // BN variant
 * }</pre>
 */
public final class InceptionBlock implements Block {
    private final int c1;
    private final int c3Reduce;
    private final int c3;
    private final int c5Reduce;
    private final int c5;
    private final int poolProj;
    private int wideKernel = 5;
    private boolean batchNorm;
    private double eps = 1e-3;

    private InceptionBlock(int c1, int c3Reduce, int c3, int c5Reduce, int c5, int poolProj) {
        this.c1 = LayerSpec.positive("inception 1x1 filters", c1);
        this.c3Reduce = LayerSpec.positive("inception 3x3 reduce filters", c3Reduce);
        this.c3 = LayerSpec.positive("inception 3x3 filters", c3);
        this.c5Reduce = LayerSpec.positive("inception 5x5 reduce filters", c5Reduce);
        this.c5 = LayerSpec.positive("inception 5x5 filters", c5);
        this.poolProj = LayerSpec.positive("inception pool projection filters", poolProj);
    }

    /** The module with the paper's column names: #1×1, #3×3 reduce, #3×3, #5×5 reduce, #5×5, pool proj. */
    public static InceptionBlock of(int c1, int c3Reduce, int c3, int c5Reduce, int c5, int poolProj) {
        return new InceptionBlock(c1, c3Reduce, c3, c5Reduce, c5, poolProj);
    }

    /** Kernel of the wide branch (5 in the paper, 3 in torchvision). */
    public InceptionBlock wideKernel(int k) {
        this.wideKernel = LayerSpec.positive("inception wide kernel", k);
        if (k % 2 == 0) {
            throw new IllegalArgumentException("inception wide kernel must be odd to keep the spatial size, got " + k);
        }
        return this;
    }

    /** Convolutions without bias, each followed by batch norm with this epsilon and a ReLU layer. */
    public InceptionBlock batchNorm(double epsilon) {
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("batch norm epsilon must be > 0, got " + epsilon);
        }
        this.batchNorm = true;
        this.eps = epsilon;
        return this;
    }

    /** torchvision's GoogLeNet module: batch norm (epsilon 1e-3), no conv bias, 3×3 wide branch. */
    public InceptionBlock torchvision() {
        return batchNorm(1e-3).wideKernel(3);
    }

    /** Channels this module outputs. */
    public int outputChannels() {
        return c1 + c3 + c5 + poolProj;
    }

    @Override
    public void define(NetworkBuilder b) {
        String in = b.last();
        unit(b, c1, 1, "branch1");
        String branch1 = b.last();
        b.from(in);
        unit(b, c3Reduce, 1, "branch2_0");
        unit(b, c3, 3, "branch2_1");
        String branch2 = b.last();
        b.from(in);
        unit(b, c5Reduce, 1, "branch3_0");
        unit(b, c5, wideKernel, "branch3_1");
        String branch3 = b.last();
        b.from(in);
        b.maxPool(3).stride(1).same().name("branch4_pool");
        unit(b, poolProj, 1, "branch4_1");
        b.concat(branch1, branch2, branch3, b.last()).name("concat");
    }

    private void unit(NetworkBuilder b, int filters, int k, String name) {
        b.conv(filters, k).same().name(name + "_conv");
        if (batchNorm) {
            b.noBias();
            b.batchNorm().eps(eps).name(name + "_bn");
            b.relu().name(name + "_relu");
        } else {
            b.act(Activation.RELU);
        }
    }
}
