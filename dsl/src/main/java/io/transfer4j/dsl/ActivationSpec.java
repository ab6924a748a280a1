package io.transfer4j.dsl;

import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;

/**
 * A stand-alone activation layer (Keras's {@code Activation} / {@code ReLU} layers, e.g. {@code conv1_relu}).
 * A softmax on an image normalises over {@link #axis} (channels unless told otherwise), see {@link AxisSoftmax}.
 */
final class ActivationSpec extends LayerSpec {
    final IActivation fn;
    final SoftmaxAxis axis;

    ActivationSpec(IActivation fn) {
        this(fn, null);
    }

    /** A softmax over {@code axis} of an image input. */
    ActivationSpec(IActivation fn, SoftmaxAxis axis) {
        this.fn = fn;
        this.axis = axis;
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
        if (fn instanceof AxisSoftmax) {
            return "softmax";
        }
        String s = fn.toString().toLowerCase(Locale.ROOT);
        int paren = s.indexOf('(');
        s = paren >= 0 ? s.substring(0, paren) : s;
        s = s.replaceAll("[^a-z0-9_]", "");
        return s.isEmpty() ? "activation" : s;
    }

    @Override
    Shape outputShape(String name, List<Shape> in) {
        Shape s = single(in);
        if (axis != null && axis != SoftmaxAxis.CHANNELS && !s.image()) {
            throw new ShapeException(name, "softmax over " + axis.name().toLowerCase(Locale.ROOT) + " needs an image"
                    + " input (HxWxC) but gets a flat vector of " + s.size() + "; use softmax() for a vector");
        }
        return s;
    }

    @Override
    Layer layer(List<Shape> in) {
        return new CopyingActivationLayer(single(in).image() ? onImage(fn, axis) : fn);
    }

    /**
     * The function to apply to an image: DL4J's softmax (last axis, the width) becomes a softmax over
     * {@code axis}, channels by default; any other function is unchanged.
     */
    static IActivation onImage(IActivation fn, SoftmaxAxis axis) {
        if (fn instanceof ActivationSoftmax) {
            return new AxisSoftmax((axis == null ? SoftmaxAxis.CHANNELS : axis).nchwDimension());
        }
        return fn;
    }
}
