package io.transfer4j.dsl;

import java.util.Collection;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's stand-alone activation layer, except that inference never overwrites its input. DL4J 1.0.0-M2.1's
 * {@code ActivationLayer} applies the function in place when not training, which in a graph corrupts every
 * other consumer of the same input (a branch taken with {@code from(x)}, a shortcut, or the caller's own
 * input array). Measured: input → relu and input → tanh as siblings gave both the same, twice-activated values.
 * Serialised with the graph's JSON like any layer (Jackson records the class).
 *
 * <pre>{@code g.addLayer("relu1", new CopyingActivationLayer(Activation.RELU.getActivationFunction()), "in")}</pre>
 */
public class CopyingActivationLayer extends ActivationLayer {

    /** For JSON deserialisation. */
    public CopyingActivationLayer() {
    }

    public CopyingActivationLayer(IActivation fn) {
        super(fn);
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners,
                                                       int layerIndex, INDArray paramsView, boolean initializeParams,
                                                       DataType dataType) {
        return RuntimeLayers.wire(new Impl(conf, dataType), conf, initializer(), listeners, layerIndex, paramsView,
                initializeParams);
    }

    @Override
    public CopyingActivationLayer clone() {
        return (CopyingActivationLayer) super.clone();
    }

    /** The runtime layer: copies its input before activating when DL4J would work in place. */
    static final class Impl extends org.deeplearning4j.nn.layers.ActivationLayer {
        Impl(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        @Override
        public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
            if (training) {
                return super.activate(true, mgr);   // DL4J copies here already: backprop needs the input
            }
            assertInputSet(false);
            INDArray copy = mgr.dup(ArrayType.ACTIVATIONS, input, input.ordering());
            return layerConf().getActivationFn().getActivation(copy, false);
        }
    }
}
