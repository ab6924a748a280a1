package io.transfer4j.dsl;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The steps DL4J's {@code Layer.instantiate} takes for every layer, shared by this module's own layer configurations
 * ({@link CenteredBatchNorm}, {@link CopyingActivationLayer}, {@link PaddedPooling2D}).
 *
 * <pre>{@code return RuntimeLayers.wire(new MyImpl(conf, dataType), conf, initializer(), listeners, index, view, init);}</pre>
 */
final class RuntimeLayers {
    private RuntimeLayers() {
    }

    /** Gives {@code layer} its listeners, index, parameter views (initialised when asked) and configuration. */
    static <L extends Layer> L wire(L layer, NeuralNetConfiguration conf, ParamInitializer params,
                                    Collection<TrainingListener> listeners, int index, INDArray view, boolean initialize) {
        layer.setListeners(listeners);
        layer.setIndex(index);
        layer.setParamsViewArray(view);
        layer.setParamTable(params.init(conf, view, initialize));
        layer.setConf(conf);
        return layer;
    }
}
