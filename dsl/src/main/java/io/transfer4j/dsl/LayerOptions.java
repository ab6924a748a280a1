package io.transfer4j.dsl;

import java.util.Objects;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * The per-layer options of {@link NetworkBuilder} ({@code stride}, {@code act}, {@code eps}, ...), applied to
 * the layer an option call targets. Each refuses a layer kind it does not apply to, naming the layer,
 * instead of ignoring the call.
 */
final class LayerOptions {
    private LayerOptions() {
    }

    static void stride(Node n, int sh, int sw) {
        if (n.spec instanceof ConvSpec c) {
            c.sh = sh;
            c.sw = sw;
        } else if (n.spec instanceof PoolSpec p && !p.global) {
            p.sh = sh;
            p.sw = sw;
        } else {
            throw notFor("stride", n);
        }
    }

    static void padding(Node n, Padding padding) {
        if (n.spec instanceof ConvSpec c) {
            c.padding = padding;
        } else if (n.spec instanceof PoolSpec p && !p.global) {
            p.padding = padding;
        } else {
            throw notFor("padding", n);
        }
    }

    static void dilation(Node n, int d) {
        if (!(n.spec instanceof ConvSpec c)) {
            throw notFor("dilation", n);
        }
        c.dh = d;
        c.dw = d;
    }

    static void noBias(Node n) {
        if (n.spec instanceof ConvSpec c) {
            c.bias = false;
        } else if (n.spec instanceof DenseSpec d) {
            d.bias = false;
        } else {
            throw notFor("noBias", n);
        }
    }

    static void act(Node n, IActivation fn) {
        if (n.spec instanceof ConvSpec c) {
            c.activation = fn;
        } else if (n.spec instanceof DenseSpec d) {
            d.activation = fn;
        } else {
            throw notFor("act", n);
        }
    }

    static void eps(Node n, double eps) {
        if (!(n.spec instanceof BatchNormSpec bn)) {
            throw notFor("eps", n);
        }
        bn.eps = eps;
    }

    static void updater(Node n, IUpdater updater) {
        weighted("withUpdater", n).updater = Objects.requireNonNull(updater, "withUpdater(null)");
    }

    static void weightInit(Node n, WeightInit init) {
        weighted("withWeightInit", n).weightInit = Objects.requireNonNull(init, "withWeightInit(null)");
    }

    private static LayerSpec weighted(String option, Node n) {
        if (!n.spec.hasParams()) {
            throw new IllegalStateException(option + "() applies to a layer with weights (conv, dense, output, batch norm),"
                    + " but '" + n.name + "' is " + n.spec.kind());
        }
        return n.spec;
    }

    private static IllegalStateException notFor(String option, Node n) {
        return new IllegalStateException(option + "() does not apply to layer '" + n.name + "' (" + n.spec.kind() + ")");
    }
}
