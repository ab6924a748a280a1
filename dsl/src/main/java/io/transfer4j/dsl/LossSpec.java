package io.transfer4j.dsl;

import java.util.List;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * A loss without weights on what the previous layer produced: per pixel on an image (labels shaped like the
 * image, e.g. one-hot channels after a 1×1 conv and {@code softmax()}), per example on a vector. Identity
 * activation: the function (a softmax over channels, say) is the previous layer's.
 */
final class LossSpec extends LayerSpec {
    final LossFunction loss;

    LossSpec(LossFunction loss) {
        this.loss = java.util.Objects.requireNonNull(loss, "loss function");
    }

    @Override
    String kind() {
        return "loss";
    }

    @Override
    Shape outputShape(String name, List<Shape> in) {
        return single(in);
    }

    @Override
    Layer layer(List<Shape> in) {
        if (single(in).image()) {
            return new CnnLossLayer.Builder(loss).activation(Activation.IDENTITY).build();
        }
        return new LossLayer.Builder(loss).activation(Activation.IDENTITY).build();
    }
}
