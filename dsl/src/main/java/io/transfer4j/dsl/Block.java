package io.transfer4j.dsl;

/**
 * A reusable piece of network: it continues from the builder's current node and leaves its output as
 * the current node. Applied with {@link NetworkBuilder#apply(String, Block)}, every layer inside is named
 * under the given prefix, so the same block used twice never collides.
 *
 * <pre>{@code
 * Block convBnRelu = b -> b.conv(32, 3).same().name("conv").batchNorm().name("bn").relu().name("relu");
 * Network net = Network.builder("two-units").input(32, 32, 3)
 *     .apply("unit1", convBnRelu)      // unit1_conv, unit1_bn, unit1_relu
 *     .apply("unit2", convBnRelu)      // unit2_conv, unit2_bn, unit2_relu
 *     .globalAvgPool().output(10).build();
 * }</pre>
 *
 * The library's own blocks ({@link ResidualBlock}, {@link InceptionBlock}, {@link DenseBlock},
 * {@link TransitionBlock}) are built only on the builder's public API, the same way a user block is.
 */
@FunctionalInterface
public interface Block {
    /** Adds this block's layers to {@code b}, starting from {@code b.last()}. */
    void define(NetworkBuilder b);
}
