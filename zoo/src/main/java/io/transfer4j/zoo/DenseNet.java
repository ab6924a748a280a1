package io.transfer4j.zoo;

import io.transfer4j.dsl.Network;
import io.transfer4j.dsl.NetworkBuilder;

/**
 * DenseNet-121 (Huang et al. 2016) as Keras Applications builds it: zero pad 3, conv 7×7/2 (no bias),
 * BN, ReLU, zero pad 1, max pool 3×3/2, dense blocks of 6, 12, 24, 16 layers (growth 32) with
 * transitions (compression 0.5) between them, final BN + ReLU, global average pool, classifier.
 * 8,062,504 parameters (Keras's figure, BN moving statistics included). Names are Keras's:
 * {@code conv1/conv}, {@code conv1/bn}, {@code conv1/relu}, {@code pool1}, {@code conv2_block1_0_bn} …,
 * {@code pool2_bn} …, {@code bn}, {@code relu}, {@code avg_pool}, {@code predictions}; Keras leaves the two
 * padding layers unnamed, here they carry the names Keras gives them in a fresh session
 * ({@code zero_padding2d}, {@code zero_padding2d_1}).
 *
 * <pre>{@code Network d = Zoo.densenet121().includeTop(false).pooling(Pooling.AVG).build();   // 1024 features}</pre>
 */
final class DenseNet {
    static final int[] D121 = {6, 12, 24, 16};
    private static final double EPS = 1.001e-5;

    private DenseNet() {
    }

    static Network define(String name, int[] blocks, ModelOptions o) {
        NetworkBuilder b = Heads.start(name, o);
        b.zeroPad(3).name("zero_padding2d")
                .conv(64, 7).stride(2).noBias().name("conv1/conv")
                .batchNorm().eps(EPS).name("conv1/bn").relu().name("conv1/relu")
                .zeroPad(1).name("zero_padding2d_1").maxPool(3).stride(2).name("pool1");
        for (int i = 0; i < blocks.length; i++) {
            b.denseBlock("conv" + (i + 2), blocks[i], 32);
            if (i < blocks.length - 1) {
                b.transition("pool" + (i + 2), 0.5);
            }
        }
        b.batchNorm().eps(EPS).name("bn").relu().name("relu");
        return Heads.finish(b, o, Heads.pooledClassifier(o, "avg_pool", "predictions"));
    }

    static ModelInfo info(String name) {
        return new ModelInfo(name, ZooShapes.IMAGENET, 1000, "predictions", "relu", 1024, Preprocessing.torch(224, 224));
    }
}
