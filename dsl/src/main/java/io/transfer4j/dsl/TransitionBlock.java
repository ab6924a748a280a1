package io.transfer4j.dsl;

/**
 * A DenseNet transition between dense blocks: BN-ReLU-1×1 conv to {@code floor(c·compression)} channels
 * (no bias)-2×2 average pool, stride 2. Keras names: {@code <prefix>_bn}, {@code _relu}, {@code _conv},
 * {@code _pool} ({@code pool2_bn} ... {@code pool2_pool} in DenseNet121).
 *
 * <pre>{@code
 * b.apply("pool2", TransitionBlock.of(0.5));   // or b.transition("pool2", 0.5): 56x56x256 -> 28x28x128
 * }</pre>
 */
public final class TransitionBlock implements Block {
    private final double compression;
    private double eps = 1.001e-5;

    private TransitionBlock(double compression) {
        if (!(compression > 0 && compression <= 1)) {
            throw new IllegalArgumentException("transition compression must be in (0, 1], got " + compression);
        }
        this.compression = compression;
    }

    /** A transition keeping {@code compression} of the channels (DenseNet-BC: 0.5). */
    public static TransitionBlock of(double compression) {
        return new TransitionBlock(compression);
    }

    /** Batch-norm epsilon (default 1.001e-5). */
    public TransitionBlock eps(double epsilon) {
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("batch norm epsilon must be > 0, got " + epsilon);
        }
        this.eps = epsilon;
        return this;
    }

    @Override
    public void define(NetworkBuilder b) {
        int channels = b.shape().channels();
        // Keras: int(channels * reduction), i.e. floor
        int filters = (int) (channels * compression);
        if (filters < 1) {
            throw new IllegalArgumentException("transition compression " + compression + " leaves no channel of " + channels);
        }
        b.batchNorm().eps(eps).name("bn");
        b.relu().name("relu");
        b.conv(filters, 1).noBias().name("conv");
        b.avgPool(2).name("pool");
    }
}
