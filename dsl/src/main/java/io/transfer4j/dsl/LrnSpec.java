package io.transfer4j.dsl;

import java.util.List;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LocalResponseNormalization;

/** Local response normalization across channels (AlexNet's NORM1/NORM2): k=2, n=5, alpha=1e-4, beta=0.75. */
final class LrnSpec extends LayerSpec {
    @Override
    String kind() {
        return "lrn";
    }

    @Override
    Shape outputShape(String name, List<Shape> in) {
        return requireImage(name, "lrn", single(in));
    }

    @Override
    Layer layer(List<Shape> in) {
        return new LocalResponseNormalization.Builder().k(2).n(5).alpha(1e-4).beta(0.75).build();
    }
}
