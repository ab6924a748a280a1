package io.transfer4j.zoo;

import io.transfer4j.dsl.Network;
import org.nd4j.linalg.activations.Activation;

/**
 * The course's lab CNN (seed 002) for 28×28×1 images and 10 classes (MNIST / Fashion-MNIST): conv 32 3×3
 * ReLU, conv 64 3×3 ReLU, max pool 2×2, dropout 0.25, flatten, dense 128 ReLU, dropout 0.5, softmax 10.
 * 1,199,882 parameters, as Keras reports.
 *
 * <pre>{@code Network lab = Zoo.labCnn().build();}</pre>
 */
final class LabCnn {
    private LabCnn() {
    }

    static Network define(ModelOptions o) {
        var b = Heads.start("lab-cnn", o)
                .conv(32, 3).act(Activation.RELU).name("conv1")
                .conv(64, 3).act(Activation.RELU).name("conv2")
                .maxPool(2).name("pool");
        // the first dropout belongs to the top here so that a headless model ends at its feature layer
        return Heads.finish(b, o, top -> top.dropout(0.25).name("dropout1").flatten().name("flatten")
                .dense(128).act(Activation.RELU).name("fc1").dropout(0.5).name("dropout2")
                .output(o.numClasses()).name("predictions"));
    }

    static ModelInfo info() {
        return new ModelInfo("lab-cnn", io.transfer4j.dsl.Shape.image(28, 28, 1), 10, "predictions", "pool", 64,
                Preprocessing.unit(28, 28, 1));
    }
}
