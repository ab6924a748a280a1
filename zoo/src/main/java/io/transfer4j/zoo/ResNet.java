package io.transfer4j.zoo;

import io.transfer4j.dsl.Network;
import io.transfer4j.dsl.NetworkBuilder;
import io.transfer4j.dsl.ResidualBlock;

/**
 * ResNets v1 (He et al. 2015): a 7×7/2 stem and max pool, four stages of residual blocks (the first
 * block of stages 3–5 halves the size), global average pool, classifier. Names are Keras's ResNet50
 * ({@code conv1_pad}, {@code conv1_conv}, {@code conv1_bn}, {@code conv1_relu}, {@code pool1_pad},
 * {@code pool1_pool}, {@code conv2_block1_0_conv} …, {@code avg_pool}, {@code predictions}) for every
 * depth.
 * <ul>
 *   <li>ResNet50/101/152: Keras layout — bottleneck blocks with conv biases, stride on the first 1×1,
 *       BN epsilon 1.001e-5. 25,636,712 / 44,707,176 / 60,419,944 parameters (Keras counts BN's moving
 *       statistics, as DL4J does).</li>
 *   <li>ResNet18/34: torchvision layout — basic blocks, no conv bias, BN epsilon 1e-5. torchvision
 *       quotes 11,689,512 / 21,797,672 parameters, which leave out BN's running mean and variance
 *       (buffers in PyTorch); DL4J stores those as parameters, so {@code parameterCount()} is higher by
 *       twice the BN channels (9,600 / 17,024).</li>
 * </ul>
 *
 * <pre>{@code Network r = Zoo.resnet50().includeTop(false).pooling(Pooling.AVG).build();   // 2048 features}</pre>
 */
final class ResNet {
    /** Blocks per stage (conv2..conv5). */
    static final int[] R18 = {2, 2, 2, 2};
    static final int[] R34 = {3, 4, 6, 3};
    static final int[] R50 = {3, 4, 6, 3};
    static final int[] R101 = {3, 4, 23, 3};
    static final int[] R152 = {3, 8, 36, 3};
    /** Filters per stage (a bottleneck outputs four times as many). */
    private static final int[] WIDTHS = {64, 128, 256, 512};

    private ResNet() {
    }

    /** Keras's ResNet50 family: bottleneck blocks, conv biases. */
    static Network bottleneck(String name, int[] blocks, ModelOptions o) {
        return define(name, blocks, o, true, 1.001e-5, f -> ResidualBlock.bottleneck(f));
    }

    /** torchvision's ResNet18/34: basic blocks, no conv bias. */
    static Network basic(String name, int[] blocks, ModelOptions o) {
        return define(name, blocks, o, false, 1e-5, f -> ResidualBlock.basic(f));
    }

    private static Network define(String name, int[] blocks, ModelOptions o, boolean bias, double eps,
                                  java.util.function.IntFunction<ResidualBlock> block) {
        NetworkBuilder b = Heads.start(name, o);
        b.zeroPad(3).name("conv1_pad").conv(64, 7).stride(2).name("conv1_conv");
        if (!bias) {
            b.noBias();
        }
        b.batchNorm().eps(eps).name("conv1_bn").relu().name("conv1_relu")
                .zeroPad(1).name("pool1_pad").maxPool(3).stride(2).name("pool1_pool");
        for (int stage = 0; stage < 4; stage++) {
            for (int i = 0; i < blocks[stage]; i++) {
                int stride = stage > 0 && i == 0 ? 2 : 1;
                b.apply("conv" + (stage + 2) + "_block" + (i + 1), block.apply(WIDTHS[stage]).stride(stride).eps(eps));
            }
        }
        return Heads.finish(b, o, Heads.pooledClassifier(o, "avg_pool", "predictions"));
    }

    static ModelInfo info(String name, int[] blocks, boolean bottleneck) {
        String last = "conv5_block" + blocks[3] + "_out";
        return bottleneck
                ? new ModelInfo(name, ZooShapes.IMAGENET, 1000, "predictions", last, 2048, Preprocessing.caffe(224, 224))
                : new ModelInfo(name, ZooShapes.IMAGENET, 1000, "predictions", last, 512, Preprocessing.torch(224, 224));
    }
}
