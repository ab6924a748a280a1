package io.transfer4j.dsl;

import java.util.List;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LocalResponseNormalization;

/**
 * Local response normalization across channels, PyTorch's and ONNX's definition:
 * {@code x / (k + alpha/size · Σ x²)^beta}, the sum over {@code size} neighbouring channels. The defaults are
 * AlexNet's (size 5, alpha 5e-4 here = the paper's 1e-4 per channel, beta 0.75, k 2). DL4J's layer takes alpha
 * per channel (not divided by the size) and centres its window, so only odd sizes can be expressed.
 */
final class LrnSpec extends LayerSpec {
    final int size;
    final double alpha;
    final double beta;
    final double k;

    LrnSpec(int size, double alpha, double beta, double k) {
        if (size <= 0 || size % 2 == 0) {
            throw new IllegalArgumentException("lrn size must be odd and > 0 (DL4J centres the window on the channel), got " + size);
        }
        if (!(alpha >= 0) || !(beta >= 0) || !(k > 0)) {
            throw new IllegalArgumentException("lrn needs alpha >= 0, beta >= 0 and k > 0, got alpha " + alpha + ", beta " + beta + ", k " + k);
        }
        this.size = size;
        this.alpha = alpha;
        this.beta = beta;
        this.k = k;
    }

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
        return new LocalResponseNormalization.Builder().k(k).n(size).alpha(alpha / size).beta(beta).build();
    }
}
