package io.transfer4j.zoo;

import io.transfer4j.dsl.Network;
import io.transfer4j.dsl.NetworkBuilder;
import io.transfer4j.dsl.Shape;

/**
 * Xception (Chollet 2016) as Keras Applications builds it: two plain 3×3 convs (entry), then depthwise-separable
 * convolutions (Keras's {@code SeparableConv2D}: depthwise 3×3, pointwise 1×1, no bias) with batch norm — three
 * entry blocks and the exit block halve the size with a 3×3/2 max pool and add a strided 1×1 conv + BN shortcut,
 * eight middle blocks of three 728-wide separable convs add the identity — and two final separable convs to 2048.
 * BN epsilon 1e-3. Keras's names ({@code block1_conv1}, {@code block2_sepconv1}, {@code block2_sepconv1_bn},
 * {@code block2_sepconv2_act}, {@code block2_pool}, …, {@code block14_sepconv2_act}, {@code avg_pool},
 * {@code predictions}); the unnamed shortcut convs, their BNs and the adds carry the names Keras 2.0 generated for
 * the weight files: {@code conv2d_1}…{@code _4}, {@code batch_normalization_1}…{@code _4}, {@code add_1}…{@code _12}.
 * 22,910,480 parameters with the 1000-class top; input 299×299, at least 71×71.
 *
 * <pre>{@code Network m = Zoo.xception().includeTop(false).pooling(Pooling.AVG).inputShape(71, 71, 3).build();}</pre>
 */
final class Xception {
    /** Entry blocks 2–4 and exit block 13: the two separable widths and the shortcut's width. */
    private static final int[][] REDUCING = {{2, 128, 128}, {3, 256, 256}, {4, 728, 728}, {13, 728, 1024}};
    private static final int MIDDLE = 728;

    private final NetworkBuilder b;
    private int shortcuts;
    private int adds;

    private Xception(NetworkBuilder b) {
        this.b = b;
    }

    static Network define(ModelOptions o) {
        NetworkBuilder b = Heads.start("xception", o);
        new Xception(b).body();
        return Heads.finish(b, o, Heads.pooledClassifier(o, "avg_pool", "predictions"));
    }

    private void body() {
        b.conv(32, 3).stride(2).noBias().name("block1_conv1").batchNorm().name("block1_conv1_bn").relu().name("block1_conv1_act")
                .conv(64, 3).noBias().name("block1_conv2").batchNorm().name("block1_conv2_bn").relu().name("block1_conv2_act");
        for (int[] r : REDUCING) {
            if (r[0] == 13) {
                for (int block = 5; block <= 12; block++) {
                    middle(block);
                }
            }
            reducing(r[0], r[1], r[2]);
        }
        sepConvBn(14, 1, 1536).relu().name("block14_sepconv1_act");
        sepConvBn(14, 2, 2048).relu().name("block14_sepconv2_act");
    }

    /** Shortcut 1×1/2 conv + BN; main path [ReLU] sep → BN → ReLU → sep → BN → max pool 3×3/2; sum. */
    private void reducing(int block, int first, int second) {
        String in = b.last();
        int n = ++shortcuts;
        String shortcut = b.conv(second, 1).stride(2).same().noBias().name("conv2d_%d", n)
                .batchNorm().name("batch_normalization_%d", n).last();
        b.from(in);
        if (block > 2) {             // block 2 follows block1_conv2_act directly
            b.relu().name("block%d_sepconv1_act", block);
        }
        sepConvBn(block, 1, first).relu().name("block%d_sepconv2_act", block);
        sepConvBn(block, 2, second).maxPool(3).stride(2).same().name("block%d_pool", block);
        b.add(b.last(), shortcut).name("add_%d", ++adds);
    }

    /** Identity shortcut around three ReLU → sep 728 → BN. */
    private void middle(int block) {
        String in = b.last();
        for (int i = 1; i <= 3; i++) {
            b.relu().name("block%d_sepconv%d_act", block, i);
            sepConvBn(block, i, MIDDLE);
        }
        b.add(b.last(), in).name("add_%d", ++adds);
    }

    private NetworkBuilder sepConvBn(int block, int i, int filters) {
        return b.separableConv(filters, 3).same().noBias().name("block%d_sepconv%d", block, i)
                .batchNorm().name("block%d_sepconv%d_bn", block, i);
    }

    static ModelInfo info() {
        return new ModelInfo("xception", Shape.image(299, 299, 3), 1000, "predictions", "block14_sepconv2_act", 2048,
                Preprocessing.tf(299, 299));
    }
}
