package io.transfer4j.dsl;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Zero or negative sizes and counts, and options on the wrong layer, fail at once naming the argument. */
class ArgumentValidationTest {

    private static void rejects(Class<? extends Throwable> type, Executable call, String mention) {
        Throwable e = assertThrows(type, call);
        assertTrue(e.getMessage().contains(mention), "'" + mention + "' missing from: " + e.getMessage());
    }

    private static NetworkBuilder image() {
        return Network.builder("n").input(8, 8, 3);
    }

    @Test
    void sizesAndCounts() {
        rejects(IllegalArgumentException.class, () -> Network.builder("n").input(0, 8, 3), "input height must be > 0, got 0");
        rejects(IllegalArgumentException.class, () -> Network.builder("n").input(8, -1, 3), "input width");
        rejects(IllegalArgumentException.class, () -> Network.builder("n").input(8, 8, 0), "input channels");
        rejects(IllegalArgumentException.class, () -> Network.builder("n").inputVector(0), "input size");
        rejects(IllegalArgumentException.class, () -> image().conv(0, 3), "filters must be > 0, got 0");
        rejects(IllegalArgumentException.class, () -> image().conv(4, -3), "kernel height");
        rejects(IllegalArgumentException.class, () -> image().conv(4, 3, 0), "kernel width");
        rejects(IllegalArgumentException.class, () -> image().depthwiseConv(3, 0), "depth multiplier");
        rejects(IllegalArgumentException.class, () -> image().separableConv(-2, 3), "filters");
        rejects(IllegalArgumentException.class, () -> image().transposedConv(2, 0), "kernel height");
        rejects(IllegalArgumentException.class, () -> image().conv(4, 3).stride(0), "stride must be > 0");
        rejects(IllegalArgumentException.class, () -> image().conv(4, 3).dilation(-1), "dilation must be > 0");
        rejects(IllegalArgumentException.class, () -> image().conv(4, 3).pad(-1), "padding must be >= 0");
        rejects(IllegalArgumentException.class, () -> image().zeroPad(1, -1, 0, 0), "zero padding must be >= 0");
        rejects(IllegalArgumentException.class, () -> image().maxPool(0), "pool height");
        rejects(IllegalArgumentException.class, () -> image().dense(0), "dense units");
        rejects(IllegalArgumentException.class, () -> image().output(0), "output classes");
        rejects(IllegalArgumentException.class, () -> image().output(1), "regression(1)");
        rejects(IllegalArgumentException.class, () -> image().regression(-1), "output classes");
        rejects(IllegalArgumentException.class, () -> image().dropout(1.0), "dropout rate must be in [0, 1)");
        rejects(IllegalArgumentException.class, () -> image().dropout(-0.1), "dropout rate");
        rejects(IllegalArgumentException.class, () -> image().batchNorm().eps(0), "eps must be > 0");
        rejects(IllegalArgumentException.class, () -> image().batchNorm().momentum(1.0), "momentum must be in [0, 1)");
        rejects(IllegalArgumentException.class, () -> image().l2(-1e-4), "l2 must be >= 0");
        rejects(IllegalArgumentException.class, () -> Shape.image(3, 0, 1), "width 0");
        rejects(IllegalArgumentException.class, () -> Shape.flat(-4), "channels -4");
    }

    @Test
    void optimizerSettings() {
        rejects(IllegalArgumentException.class, () -> Updaters.adam(0), "learning rate must be > 0, got 0.0");
        rejects(IllegalArgumentException.class, () -> Updaters.sgd(-1), "learning rate");
        rejects(IllegalArgumentException.class, () -> Updaters.momentum(0.1, 1.0), "momentum must be in [0, 1), got 1.0");
        rejects(IllegalArgumentException.class, () -> Updaters.nesterov(0.1, -0.5), "momentum");
        rejects(IllegalArgumentException.class, () -> new Momentum(Double.NaN, 0.9), "learning rate");
    }

    @Test
    void optionsOnLayersTheyDoNotApplyTo() {
        rejects(IllegalStateException.class, () -> image().relu().stride(2), "stride() does not apply to layer 'relu1'");
        rejects(IllegalStateException.class, () -> image().globalAvgPool().stride(2), "global_avg_pool");
        rejects(IllegalStateException.class, () -> image().avgPool(2).dilation(2), "dilation() does not apply");
        rejects(IllegalStateException.class, () -> image().batchNorm().noBias(), "noBias() does not apply to layer 'bn1'");
        rejects(IllegalStateException.class, () -> image().conv(2, 1).eps(1e-5), "eps() does not apply");
        rejects(IllegalStateException.class, () -> image().conv(2, 1).momentum(0.9), "momentum() does not apply");
        rejects(IllegalStateException.class, () -> image().maxPool(2).act(org.nd4j.linalg.activations.Activation.RELU), "act()");
        rejects(IllegalStateException.class, () -> image().stride(2), "the last node is the input 'input'");
        rejects(IllegalStateException.class, () -> image().maxPool(2).withUpdater(Updaters.sgd(0.1)),
                "withUpdater() applies to a layer with weights");
        rejects(IllegalStateException.class, () -> image().dropout(0.5).withWeightInit(WeightInit.RELU), "withWeightInit()");
        rejects(IllegalStateException.class, () -> Network.builder("n").conv(2, 3), "call input(...) first");
        rejects(IllegalStateException.class, () -> Network.builder("empty").build(), "has no input");
        rejects(IllegalStateException.class, () -> Network.builder("bare").input(4, 4, 1).build(), "has only inputs");
        rejects(IllegalArgumentException.class, () -> new Padding(Padding.Mode.SAME, 1, 1, 1, 1), "Padding.of(1, 1, 1, 1)");
        rejects(IllegalArgumentException.class, () -> image().conv(2, 1).add("conv1"), "at least two inputs");
    }
}
