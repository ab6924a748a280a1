package io.transfer4j.zoo;

import io.transfer4j.dsl.Network;
import org.nd4j.linalg.activations.Activation;

/**
 * AlexNet (Krizhevsky et al. 2012), single tower, exactly the course's listing (seed 002): 227×227×3;
 * CONV1 96 11×11/4; MAX POOL1 3×3/2; NORM1; CONV2 256 5×5 pad 2; MAX POOL2; NORM2; CONV3 384 3×3 pad 1;
 * CONV4 384; CONV5 256; MAX POOL3 → 6×6×256; FC6 4096; FC7 4096; FC8 1000. ReLU after every conv and FC;
 * NORM is local response normalization (k 2, n 5, alpha 1e-4, beta 0.75); dropout 0.5 after FC6 and FC7
 * as in the paper (no parameters). 62,378,344 parameters.
 *
 * <pre>{@code Network alex = Zoo.alexnet().build();}</pre>
 */
final class AlexNet {
    private AlexNet() {
    }

    static Network define(ModelOptions o) {
        var b = Heads.start("alexnet", o)
                .conv(96, 11).stride(4).act(Activation.RELU).name("conv1")
                .maxPool(3).stride(2).name("pool1").lrn().name("norm1")
                .conv(256, 5).pad(2).act(Activation.RELU).name("conv2")
                .maxPool(3).stride(2).name("pool2").lrn().name("norm2")
                .conv(384, 3).pad(1).act(Activation.RELU).name("conv3")
                .conv(384, 3).pad(1).act(Activation.RELU).name("conv4")
                .conv(256, 3).pad(1).act(Activation.RELU).name("conv5")
                .maxPool(3).stride(2).name("pool3");
        return Heads.finish(b, o, top -> top.flatten().name("flatten")
                .dense(4096).act(Activation.RELU).name("fc6").dropout(0.5).name("drop6")
                .dense(4096).act(Activation.RELU).name("fc7").dropout(0.5).name("drop7")
                .output(o.numClasses()).name("fc8"));
    }

    static ModelInfo info() {
        return new ModelInfo("alexnet", io.transfer4j.dsl.Shape.image(227, 227, 3), 1000, "fc8", "pool3", 256,
                Preprocessing.caffe(227, 227));
    }
}
