package io.transfer4j.dsl;

import java.util.List;
import java.util.Locale;
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
        return kindOf(fn);
    }

    /**
     * Name stem for an activation: {@code relu}, {@code leaky_relu}, {@code elu}... DL4J's own
     * {@code toString()} carries parameters ({@code elu(alpha=1.0)}), which must not end up in layer names.
     */
    static String kindOf(IActivation fn) {
        if (fn instanceof ActivationLReLU) {
            return "leaky_relu";
        }
        String s = fn.toString().toLowerCase(Locale.ROOT);
        int paren = s.indexOf('(');
        s = paren >= 0 ? s.substring(0, paren) : s;
        s = s.replaceAll("[^a-z0-9_]", "");
        return s.isEmpty() ? "activation" : s;
    }

    @Override
    Shape outputShape(String name, List<Shape> in) {
        return single(in);
    }

    @Override
    Layer layer(List<Shape> in) {
        return new CopyingActivationLayer(fn);
    }
}
