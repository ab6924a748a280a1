package io.transfer4j.dsl;

import java.util.List;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.activations.Activation;

/**
 * Batch normalization over channels (images) or features (vectors): gamma, beta, running mean and variance; without
 * the scale ({@code noScale}, Keras's {@code scale=False}) beta, running mean and variance ({@link CenteredBatchNorm}).
 */
final class BatchNormSpec extends LayerSpec {
    double eps = 1e-3;        // Keras's default; ResNet50 uses 1.001e-5
    double decay = 0.99;      // Keras momentum 0.99 == DL4J decay 0.99
    boolean scale = true;     // false: no gamma (Keras's scale=False, InceptionV3)

    @Override
    boolean hasParams() {
        return true;
    }

    @Override
    String kind() {
        return "bn";
    }

    @Override
    Shape outputShape(String name, List<Shape> in) {
        return single(in);
    }

    @Override
    Layer layer(List<Shape> in) {
        int c = single(in).channels();
        // Identity spelled out: DL4J would otherwise record its global default (sigmoid) in the layer conf.
        BatchNormalization bn = new BatchNormalization.Builder().nIn(c).nOut(c).eps(eps).decay(decay)
                .activation(Activation.IDENTITY).build();
        return scale ? bn : new CenteredBatchNorm(bn);
    }
}
