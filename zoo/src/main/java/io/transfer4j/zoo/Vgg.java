package io.transfer4j.zoo;

import io.transfer4j.dsl.Network;
import io.transfer4j.dsl.NetworkBuilder;
import org.nd4j.linalg.activations.Activation;

/**
 * VGG16 / VGG19 (Simonyan &amp; Zisserman 2014) as Keras Applications builds them: five blocks of 3×3
 * same convolutions with ReLU, each closed by a 2×2 max pool; top flatten → fc1 4096 → fc2 4096 →
 * predictions. Keras names: {@code block1_conv1} … {@code block5_pool}, {@code flatten}, {@code fc1},
 * {@code fc2}, {@code predictions}. 138,357,544 / 143,667,240 parameters with the 1000-class top.
 *
 * <pre>{@code Network vgg = Zoo.vgg16().build();}</pre>
 */
final class Vgg {
    /** Filters per block. */
    private static final int[] WIDTHS = {64, 128, 256, 512, 512};
    /** Convolutions per block. */
    static final int[] VGG16 = {2, 2, 3, 3, 3};
    static final int[] VGG19 = {2, 2, 4, 4, 4};

    private Vgg() {
    }

    static Network define(String name, int[] depths, ModelOptions o) {
        NetworkBuilder b = Heads.start(name, o);
        for (int block = 1; block <= 5; block++) {
            for (int i = 1; i <= depths[block - 1]; i++) {
                b.conv(WIDTHS[block - 1], 3).same().act(Activation.RELU).name("block%d_conv%d", block, i);
            }
            b.maxPool(2).name("block%d_pool", block);
        }
        return Heads.finish(b, o, top -> top.flatten().name("flatten")
                .dense(4096).act(Activation.RELU).name("fc1")
                .dense(4096).act(Activation.RELU).name("fc2")
                .output(o.numClasses()).name("predictions"));
    }

    static ModelInfo info(String name) {
        return new ModelInfo(name, ZooShapes.IMAGENET, 1000, "predictions", "block5_pool", 512,
                Preprocessing.caffe(224, 224));
    }
}
