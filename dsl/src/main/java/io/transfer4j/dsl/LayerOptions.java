package io.transfer4j.dsl;

import java.util.Objects;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * The per-layer options of {@link NetworkBuilder} ({@code stride}, {@code act}, {@code eps}, ...): each checks
 * its value, then applies it to the layer the cursor's option target is (see {@link Cursor#optionTarget}).
 * Each refuses a layer kind it does not apply to, naming the layer, instead of ignoring the call.
 */
final class LayerOptions {
    private LayerOptions() {
    }

    static void stride(Cursor cursor, int sh, int sw) {
        LayerSpec.positive("stride", sh);
        LayerSpec.positive("stride", sw);
        Node n = cursor.optionTarget("stride");
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

    static void padding(Cursor cursor, Padding padding) {
        Node n = cursor.optionTarget("padding");
        if (n.spec instanceof ConvSpec c) {
            c.padding = padding;
        } else if (n.spec instanceof PoolSpec p && !p.global) {
            p.padding = padding;
        } else {
            throw notFor("padding", n);
        }
    }

    static void dilation(Cursor cursor, int dh, int dw) {
        LayerSpec.positive("dilation", dh);
        LayerSpec.positive("dilation", dw);
        Node n = cursor.optionTarget("dilation");
        if (n.spec instanceof ConvSpec c) {
            c.dh = dh;
            c.dw = dw;
        } else if (n.spec instanceof PoolSpec p && !p.global && p.type == PoolingType.MAX) {
            p.dh = dh;
            p.dw = dw;
        } else {
            throw notFor("dilation", n);
        }
    }

    static void ceilMode(Cursor cursor) {
        Node n = cursor.optionTarget("ceilMode");
        if (!(n.spec instanceof PoolSpec p) || p.global) {
            throw notFor("ceilMode", n);
        }
        p.ceilMode = true;
    }

    static void countIncludePad(Cursor cursor) {
        Node n = cursor.optionTarget("countIncludePad");
        if (!(n.spec instanceof PoolSpec p) || p.global || p.type != PoolingType.AVG) {
            throw notFor("countIncludePad", n);
        }
        p.countIncludePad = true;
    }

    static void keepDims(Cursor cursor) {
        Node n = cursor.optionTarget("keepDims");
        if (!(n.spec instanceof PoolSpec p) || !p.global) {
            throw notFor("keepDims", n);
        }
        p.keepDims = true;
    }

    static void outputPadding(Cursor cursor, int rows, int columns) {
        if (rows < 0 || columns < 0) {
            throw new IllegalArgumentException("outputPadding must be >= 0, got " + rows + "x" + columns);
        }
        Node n = cursor.optionTarget("outputPadding");
        if (!(n.spec instanceof ConvSpec c) || c.flavour != ConvSpec.Flavour.TRANSPOSED) {
            throw notFor("outputPadding", n);
        }
        c.oph = rows;
        c.opw = columns;
    }

    static void noBias(Cursor cursor) {
        Node n = cursor.optionTarget("noBias");
        if (n.spec instanceof ConvSpec c) {
            c.bias = false;
        } else if (n.spec instanceof DenseSpec d) {
            d.bias = false;
        } else {
            throw notFor("noBias", n);
        }
    }

    static void act(Cursor cursor, IActivation fn) {
        Node n = cursor.optionTarget("act");
        if (n.spec instanceof ConvSpec c) {
            c.activation = fn;
        } else if (n.spec instanceof DenseSpec d) {
            d.activation = fn;
        } else {
            throw notFor("act", n);
        }
    }

    static void eps(Cursor cursor, double eps) {
        if (!(eps > 0)) {
            throw new IllegalArgumentException("batch norm eps must be > 0, got " + eps);
        }
        batchNorm("eps", cursor).eps = eps;
    }

    static void momentum(Cursor cursor, double momentum) {
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("batch norm momentum must be in [0, 1), got " + momentum);
        }
        batchNorm("momentum", cursor).decay = momentum;
    }

    static void noScale(Cursor cursor) {
        batchNorm("noScale", cursor).scale = false;
    }

    /** The batch norm a batch-norm-only option applies to, or the error naming the option. */
    private static BatchNormSpec batchNorm(String option, Cursor cursor) {
        Node n = cursor.optionTarget(option);
        if (!(n.spec instanceof BatchNormSpec bn)) {
            throw notFor(option, n);
        }
        return bn;
    }

    static void updater(Cursor cursor, IUpdater updater) {
        weighted("withUpdater", cursor).updater = Objects.requireNonNull(updater, "withUpdater(null)");
    }

    static void weightInit(Cursor cursor, WeightInit init) {
        weighted("withWeightInit", cursor).weightInit = Objects.requireNonNull(init, "withWeightInit(null)");
    }

    private static LayerSpec weighted(String option, Cursor cursor) {
        Node n = cursor.optionTarget(option);
        if (!n.spec.hasParams()) {
            throw new IllegalStateException(option + "() applies to a layer with weights (conv, dense, output, batch norm),"
                    + " but '" + n.name + "' is " + n.spec.kind());
        }
        return n.spec;
    }

    private static IllegalStateException notFor(String option, Node n) {
        return new IllegalStateException(option + "() does not apply to layer '" + n.name + "' (" + n.spec.kind()
                + "); its options: " + optionsOf(n.spec));
    }

    /** The option calls a layer kind takes besides {@code name}, for error messages. */
    static String optionsOf(LayerSpec spec) {
        String padding = "stride, padding/same/sameStart/pad";
        if (spec instanceof ConvSpec c) {
            return padding + ", dilation, noBias, act, withUpdater, withWeightInit"
                    + (c.flavour == ConvSpec.Flavour.TRANSPOSED ? ", outputPadding" : "");
        }
        if (spec instanceof PoolSpec p && !p.global) {
            return padding + ", ceilMode" + (p.type == PoolingType.MAX ? ", dilation" : ", countIncludePad");
        }
        if (spec instanceof PoolSpec) {
            return "keepDims";
        }
        if (spec instanceof DenseSpec) {
            return "noBias, act, withUpdater, withWeightInit";
        }
        if (spec instanceof BatchNormSpec) {
            return "eps, momentum, noScale, withUpdater, withWeightInit";
        }
        return spec.hasParams() ? "withUpdater, withWeightInit" : "none besides name";
    }
}
