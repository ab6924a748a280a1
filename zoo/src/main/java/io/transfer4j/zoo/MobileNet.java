package io.transfer4j.zoo;

import io.transfer4j.dsl.Network;
import io.transfer4j.dsl.NetworkBuilder;

/**
 * MobileNet v1 (Howard et al. 2017) as Keras Applications builds it: a 3×3/2 conv, then thirteen depthwise
 * separable units — depthwise 3×3 + BN + ReLU6, pointwise 1×1 + BN + ReLU6, no conv biases, BN epsilon
 * 1e-3 — whose widths are scaled by {@code alpha}; a stride-2 unit pads bottom/right by one and runs VALID,
 * as Keras's {@code ZeroPadding2D(((0, 1), (0, 1)))}. Top: global average pool, dropout 1e-3 and the
 * classifier {@code conv_preds} (Keras's 1×1 conv on the pooled vector; here a dense layer, and the loaders
 * take the 1×1 kernel for it). Keras names: {@code conv1}, {@code conv1_bn}, {@code conv1_relu},
 * {@code conv_pad_2}, {@code conv_dw_1}, {@code conv_dw_1_bn}, {@code conv_dw_1_relu}, {@code conv_pw_1} …
 * {@code conv_pw_13_relu}. 4,253,864 parameters at alpha 1.0 with the 1000-class top.
 *
 * <pre>{@code Network m = Zoo.model("mobilenet-0.25").includeTop(false).pooling(Pooling.AVG).inputShape(96, 96, 3).build();}</pre>
 */
final class MobileNet {
    /** Pointwise filters (at alpha 1) and depthwise stride of units 1..13. */
    private static final int[][] UNITS = {
        {64, 1}, {128, 2}, {128, 1}, {256, 2}, {256, 1}, {512, 2},
        {512, 1}, {512, 1}, {512, 1}, {512, 1}, {512, 1}, {1024, 2}, {1024, 1},
    };

    private MobileNet() {
    }

    /** Registry name: {@code mobilenet} for alpha 1.0, {@code mobilenet-0.25} … otherwise. */
    static String name(double alpha) {
        return alpha == 1.0 ? "mobilenet" : "mobilenet-" + alpha;
    }

    static Network define(double alpha, ModelOptions o) {
        NetworkBuilder b = Heads.start(name(alpha), o);
        b.conv(width(32, alpha), 3).stride(2).same().noBias().name("conv1")
                .batchNorm().name("conv1_bn").relu6().name("conv1_relu");
        for (int i = 0; i < UNITS.length; i++) {
            int id = i + 1;
            int stride = UNITS[i][1];
            if (stride == 2) {
                b.zeroPad(0, 1, 0, 1).name("conv_pad_%d", id);
            }
            b.depthwiseConv(3, 1).stride(stride).noBias().name("conv_dw_%d", id);
            if (stride == 1) {
                b.same();
            }
            b.batchNorm().name("conv_dw_%d_bn", id).relu6().name("conv_dw_%d_relu", id)
                    .conv(width(UNITS[i][0], alpha), 1).noBias().name("conv_pw_%d", id)
                    .batchNorm().name("conv_pw_%d_bn", id).relu6().name("conv_pw_%d_relu", id);
        }
        return Heads.finish(b, o, top -> top.globalAvgPool().name("global_average_pooling2d")
                .dropout(1e-3).name("dropout")
                .output(o.numClasses()).name("conv_preds"));
    }

    /** Keras's {@code int(filters * alpha)}. */
    private static int width(int filters, double alpha) {
        return (int) (filters * alpha);
    }

    static ModelInfo info(double alpha) {
        return new ModelInfo(name(alpha), ZooShapes.IMAGENET, 1000, "conv_preds", "conv_pw_13_relu", width(1024, alpha),
                Preprocessing.tf(224, 224));
    }
}
