package io.transfer4j.dsl;

import java.util.List;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.Layer;

/** Inverted dropout; {@code rate} is the fraction DROPPED, as in Keras (DL4J's own number is the retain probability). */
final class DropoutSpec extends LayerSpec {
    final double rate;

    DropoutSpec(double rate) {
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException("dropout rate must be in [0, 1), got " + rate
                    + " (it is the fraction of units dropped, as in Keras)");
        }
        this.rate = rate;
    }

    @Override
    String kind() {
        return "dropout";
    }

    @Override
    Shape outputShape(String name, List<Shape> in) {
        return single(in);
    }

    @Override
    Layer layer(List<Shape> in) {
        return new DropoutLayer.Builder(1.0 - rate).build();
    }
}
