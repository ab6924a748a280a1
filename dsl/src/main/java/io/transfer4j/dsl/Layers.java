package io.transfer4j.dsl;

import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop;
import org.nd4j.linalg.activations.IActivation;

/**
 * Looking through DL4J's frozen wrappers at a layer configuration. Freezing wraps a layer (possibly more
 * than once), so code that asks "is this a convolution?" must unwrap first or it sees only the wrapper.
 *
 * <pre>{@code
 * Layer conf = Layers.unwrapFrozen(layerVertex.getLayerConf().getLayer());
 * boolean conv = conf instanceof ConvolutionLayer;
 * }</pre>
 */
public final class Layers {
    private Layers() {
    }

    /** The configuration under any {@link FrozenLayer} / {@link FrozenLayerWithBackprop} wrappers. */
    public static Layer unwrapFrozen(Layer l) {
        if (l instanceof FrozenLayerWithBackprop f) {
            return unwrapFrozen(f.getUnderlying());
        }
        if (l instanceof FrozenLayer f) {
            return unwrapFrozen(f.getLayer());
        }
        return l;
    }

    /**
     * Whether {@code l} (unwrapped) is random at training time: a dropout layer or a layer with dropout set.
     * Such a layer must run in training mode in a head, so it is never part of a frozen trunk.
     */
    public static boolean isRandomInTraining(Layer l) {
        Layer inner = unwrapFrozen(l);
        return inner instanceof org.deeplearning4j.nn.conf.layers.DropoutLayer || inner.getIDropout() != null;
    }

    /** Whether {@code l} is wrapped as frozen (either DL4J wrapper). */
    public static boolean isFrozen(Layer l) {
        return l instanceof FrozenLayerWithBackprop || l instanceof FrozenLayer;
    }

    /** The activation function of {@code l} (unwrapped): a weighted layer's or an activation layer's; else null. */
    public static IActivation activationOf(Layer l) {
        Layer inner = unwrapFrozen(l);
        if (inner instanceof ActivationLayer a) {
            return a.getActivationFn();
        }
        return inner instanceof BaseLayer b ? b.getActivationFn() : null;
    }
}
