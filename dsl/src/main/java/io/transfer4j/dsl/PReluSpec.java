package io.transfer4j.dsl;

import java.util.List;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.PReLULayer;
import org.deeplearning4j.nn.weights.WeightInitConstant;

/**
 * Parametric ReLU {@code max(0, x) + a·min(0, x)} with a learned slope per channel (PyTorch's
 * {@code PReLU(num_parameters=C)}, Keras's {@code PReLU(shared_axes=[1, 2])}), or one slope for all values
 * ({@code shared}: PyTorch's default {@code PReLU()}); slopes start at 0.25 as in PyTorch.
 */
final class PReluSpec extends LayerSpec {
    final boolean shared;

    PReluSpec(boolean shared) {
        this.shared = shared;
    }

    @Override
    String kind() {
        return "prelu";
    }

    @Override
    boolean hasParams() {
        return true;
    }

    @Override
    Shape outputShape(String name, List<Shape> in) {
        return single(in);
    }

    @Override
    Layer layer(List<Shape> in) {
        Shape s = single(in);
        PReLULayer.Builder b = new PReLULayer.Builder().weightInit(new WeightInitConstant(0.25));
        if (s.image()) {
            b.inputShape(s.channels(), s.height(), s.width()).sharedAxes(shared ? new long[] {1, 2, 3} : new long[] {2, 3});
        } else {
            b.inputShape(s.size());
            if (shared) {
                b.sharedAxes(1);
            }
        }
        return b.build();
    }
}
