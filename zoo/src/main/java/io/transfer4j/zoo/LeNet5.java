package io.transfer4j.zoo;

import io.transfer4j.dsl.Network;
import org.nd4j.linalg.activations.Activation;

/**
 * LeNet-5 (LeCun et al. 1998) as the course's figure draws it: 32×32×1 input, C1 6@28×28 (5×5 conv),
 * S2 6@14×14 (2×2 average pool), C3 16@10×10 (5×5 conv, fully connected to S2), S4 16@5×5, C5 120
 * (5×5 conv → 1×1), F6 84, 10 outputs; tanh activations, softmax output. 61,706 parameters.
 *
 * <pre>{@code Network lenet = Zoo.lenet5().build();}</pre>
 */
final class LeNet5 {
    private LeNet5() {
    }

    static Network define(ModelOptions o) {
        var b = Heads.start("lenet5", o)
                .conv(6, 5).act(Activation.TANH).name("c1").avgPool(2).name("s2")
                .conv(16, 5).act(Activation.TANH).name("c3").avgPool(2).name("s4")
                .conv(120, 5).act(Activation.TANH).name("c5");
        return Heads.finish(b, o, top -> top.flatten().name("flatten")
                .dense(84).act(Activation.TANH).name("f6").output(o.numClasses()).name("predictions"));
    }

    static ModelInfo info() {
        return new ModelInfo("lenet5", io.transfer4j.dsl.Shape.image(32, 32, 1), 10, "predictions", "c5", 120,
                Preprocessing.unit(32, 32, 1));
    }
}
