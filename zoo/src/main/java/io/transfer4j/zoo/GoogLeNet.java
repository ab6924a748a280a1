package io.transfer4j.zoo;

import io.transfer4j.dsl.InceptionBlock;
import io.transfer4j.dsl.Network;
import io.transfer4j.dsl.NetworkBuilder;

/**
 * GoogLeNet (Inception v1, Szegedy et al. 2014) in torchvision's batch-norm layout, without the auxiliary
 * classifiers: conv 7×7/2, max pool, conv 1×1, conv 3×3, max pool, inception 3a–3b, max pool, 4a–4e,
 * max pool, 5a–5b, global average pool, dropout 0.2, fc. Every conv is conv (no bias) + BN (eps 1e-3) +
 * ReLU, and the "5×5" branch is a 3×3 as in torchvision: that is the variant with 6,624,904 parameters
 * (torchvision's figure, BN running statistics excluded; with a true 5×5 it would be 7,005,832).
 * Max pools use {@code same} padding, which gives torchvision's ceil-mode sizes at 224 (112→56→28→14→7).
 * Names mirror torchvision's modules: {@code conv1_conv}, {@code maxpool1}, {@code inception3a_branch2_1_conv},
 * {@code avgpool}, {@code fc}.
 *
 * <pre>{@code Network g = Zoo.googlenet().build();}</pre>
 */
final class GoogLeNet {
    /** Per module: name, #1×1, #3×3 reduce, #3×3, #5×5 reduce, #5×5, pool proj (the paper's table). */
    private static final Object[][] MODULES = {
            {"inception3a", 64, 96, 128, 16, 32, 32},
            {"inception3b", 128, 128, 192, 32, 96, 64},
            {"maxpool3"},
            {"inception4a", 192, 96, 208, 16, 48, 64},
            {"inception4b", 160, 112, 224, 24, 64, 64},
            {"inception4c", 128, 128, 256, 24, 64, 64},
            {"inception4d", 112, 144, 288, 32, 64, 64},
            {"inception4e", 256, 160, 320, 32, 128, 128},
            {"maxpool4"},
            {"inception5a", 256, 160, 320, 32, 128, 128},
            {"inception5b", 384, 192, 384, 48, 128, 128},
    };
    private static final double EPS = 1e-3;

    private GoogLeNet() {
    }

    static Network define(ModelOptions o) {
        return define(o, 3);
    }

    /** {@code wideKernel} 5 gives the paper's true 5×5 branch (used to document the count difference). */
    static Network define(ModelOptions o, int wideKernel) {
        NetworkBuilder b = Heads.start("googlenet", o);
        unit(b, "conv1", 64, 7, 2, 3);
        b.maxPool(3).stride(2).same().name("maxpool1");
        unit(b, "conv2", 64, 1, 1, 0);
        unit(b, "conv3", 192, 3, 1, 1);
        b.maxPool(3).stride(2).same().name("maxpool2");
        for (Object[] m : MODULES) {
            String name = (String) m[0];
            if (m.length == 1) {
                // maxpool4 is 2x2 in torchvision, maxpool3 3x3; both stride 2
                b.maxPool(name.equals("maxpool4") ? 2 : 3).stride(2).same().name(name);
            } else {
                b.apply(name, InceptionBlock.of((int) m[1], (int) m[2], (int) m[3], (int) m[4], (int) m[5], (int) m[6])
                        .torchvision().wideKernel(wideKernel));
            }
        }
        return Heads.finish(b, o, top -> top.globalAvgPool().name("avgpool").dropout(0.2).name("dropout")
                .output(o.numClasses()).name("fc"));
    }

    private static void unit(NetworkBuilder b, String name, int filters, int k, int stride, int pad) {
        b.conv(filters, k).stride(stride).pad(pad).noBias().name(name + "_conv")
                .batchNorm().eps(EPS).name(name + "_bn").relu().name(name + "_relu");
    }

    static ModelInfo info() {
        return new ModelInfo("googlenet", ZooShapes.IMAGENET, 1000, "fc", "inception5b_concat", 1024,
                Preprocessing.torch(224, 224));
    }
}
