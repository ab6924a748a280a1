package io.transfer4j.dsl;

import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationLReLU;

/** A stand-alone activation layer (Keras's {@code Activation} / {@code ReLU} layers, e.g. {@code conv1_relu}). */
final class ActivationSpec extends LayerSpec {
    final IActivation fn;

    ActivationSpec(IActivation fn) {
        this.fn = fn;
    }

    @Override
    String kind() {
        if (fn instanceof ActivationLReLU) {
            return "leaky_relu";
        }
        return fn.toString().toLowerCase(Locale.ROOT).replace("activation", "").replace("()", "");
    }

    @Override
    Shape outputShape(String name, List<Shape> in) {
        return single(in);
    }

    @Override
    Layer layer(List<Shape> in) {
        return new ActivationLayer.Builder().activation(fn).build();
    }
}
