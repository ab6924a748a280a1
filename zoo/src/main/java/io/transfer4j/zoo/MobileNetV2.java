package io.transfer4j.zoo;

import io.transfer4j.dsl.Network;
import io.transfer4j.dsl.NetworkBuilder;

/**
 * MobileNetV2 (Sandler et al. 2018) as Keras Applications builds it: a 3×3/2 conv, seventeen inverted
 * residual blocks — 1×1 expansion + BN + ReLU6 (not in block 0), depthwise 3×3 + BN + ReLU6, linear 1×1
 * projection + BN, and an add when input and output have the same shape — then a 1×1 conv to 1280 + BN +
 * ReLU6. No conv biases; BN epsilon 1e-3, momentum 0.999. Widths scale with {@code alpha}, rounded to
 * multiples of 8 as Keras's {@code _make_divisible}; a stride-2 depthwise conv is padded as Keras's
 * {@code correct_pad} (bottom/right one more on an even size) and runs VALID. Keras names: {@code Conv1},
 * {@code bn_Conv1}, {@code Conv1_relu}, {@code expanded_conv_depthwise} …, {@code block_1_expand},
 * {@code block_1_expand_BN}, {@code block_1_pad}, {@code block_1_depthwise}, {@code block_1_project_BN},
 * {@code block_2_add} …, {@code Conv_1}, {@code Conv_1_bn}, {@code out_relu}, {@code predictions}.
 * 3,538,984 parameters at alpha 1.0 with the 1000-class top.
 *
 * <pre>{@code Network m = Zoo.model("mobilenetv2").includeTop(false).pooling(Pooling.AVG).inputShape(96, 96, 3).build();}</pre>
 */
final class MobileNetV2 {
    /** Output filters (at alpha 1), stride and expansion of blocks 0..16. */
    private static final int[][] BLOCKS = {
        {16, 1, 1},
        {24, 2, 6}, {24, 1, 6},
        {32, 2, 6}, {32, 1, 6}, {32, 1, 6},
        {64, 2, 6}, {64, 1, 6}, {64, 1, 6}, {64, 1, 6},
        {96, 1, 6}, {96, 1, 6}, {96, 1, 6},
        {160, 2, 6}, {160, 1, 6}, {160, 1, 6},
        {320, 1, 6},
    };
    private static final double EPS = 1e-3;
    private static final double MOMENTUM = 0.999;

    private MobileNetV2() {
    }

    /** Registry name: {@code mobilenetv2} for alpha 1.0, {@code mobilenetv2-0.35} … otherwise. */
    static String name(double alpha) {
        return alpha == 1.0 ? "mobilenetv2" : "mobilenetv2-" + alpha;
    }

    static Network define(double alpha, ModelOptions o) {
        NetworkBuilder b = Heads.start(name(alpha), o);
        b.conv(divisible(32 * alpha), 3).stride(2).same().noBias().name("Conv1");
        bn(b, "bn_Conv1").relu6().name("Conv1_relu");
        for (int id = 0; id < BLOCKS.length; id++) {
            block(b, id, divisible((int) (BLOCKS[id][0] * alpha)), BLOCKS[id][1], BLOCKS[id][2]);
        }
        b.conv(lastWidth(alpha), 1).noBias().name("Conv_1");
        bn(b, "Conv_1_bn").relu6().name("out_relu");
        return Heads.finish(b, o, Heads.pooledClassifier(o, "global_average_pooling2d", "predictions"));
    }

    private static void block(NetworkBuilder b, int id, int filters, int stride, int expansion) {
        String in = b.last();
        int channels = b.shape().channels();
        String prefix = id == 0 ? "expanded_conv_" : "block_" + id + "_";
        if (id > 0) {
            b.conv(expansion * channels, 1).noBias().name(prefix + "expand");
            bn(b, prefix + "expand_BN").relu6().name(prefix + "expand_relu");
        }
        if (stride == 2) {
            int padH = 1 - b.shape().height() % 2;    // Keras's correct_pad: one less on top/left of an even size
            int padW = 1 - b.shape().width() % 2;
            b.zeroPad(1 - padH, 1, 1 - padW, 1).name(prefix + "pad");
        }
        b.depthwiseConv(3, 1).stride(stride).noBias().name(prefix + "depthwise");
        if (stride == 1) {
            b.same();
        }
        bn(b, prefix + "depthwise_BN").relu6().name(prefix + "depthwise_relu");
        b.conv(filters, 1).noBias().name(prefix + "project");
        bn(b, prefix + "project_BN");
        if (channels == filters && stride == 1) {
            b.add(in, b.last()).name(prefix + "add");
        }
    }

    private static NetworkBuilder bn(NetworkBuilder b, String name) {
        return b.batchNorm().eps(EPS).momentum(MOMENTUM).name(name);
    }

    /** Keras's {@code _make_divisible(v, 8)}: nearest multiple of 8, at least 8, never below 90% of v. */
    static int divisible(double v) {
        int rounded = Math.max(8, (int) (v + 4) / 8 * 8);
        return rounded < 0.9 * v ? rounded + 8 : rounded;
    }

    private static int lastWidth(double alpha) {
        return alpha > 1.0 ? divisible(1280 * alpha) : 1280;
    }

    static ModelInfo info(double alpha) {
        return new ModelInfo(name(alpha), ZooShapes.IMAGENET, 1000, "predictions", "out_relu", lastWidth(alpha),
                Preprocessing.tf(224, 224));
    }
}
