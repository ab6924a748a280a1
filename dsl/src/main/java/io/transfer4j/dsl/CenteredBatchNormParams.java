package io.transfer4j.dsl;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Parameters of {@link CenteredBatchNorm}, laid out as DL4J's batch norm lays out its own minus gamma: beta, moving
 * mean, moving variance (or {@code log10stdev}), one value per channel each.
 */
final class CenteredBatchNormParams implements ParamInitializer {
    static final CenteredBatchNormParams INSTANCE = new CenteredBatchNormParams();

    private CenteredBatchNormParams() {
    }

    @Override
    public long numParams(NeuralNetConfiguration conf) {
        return numParams(conf.getLayer());
    }

    @Override
    public long numParams(Layer layer) {
        return 3 * ((BatchNormalization) layer).getNOut();
    }

    @Override
    public List<String> paramKeys(Layer layer) {
        return List.of(BatchNormalizationParamInitializer.BETA, BatchNormalizationParamInitializer.GLOBAL_MEAN, varianceKey(layer));
    }

    @Override
    public List<String> weightKeys(Layer layer) {
        return List.of();
    }

    @Override
    public List<String> biasKeys(Layer layer) {
        return List.of();
    }

    @Override
    public boolean isWeightParam(Layer layer, String key) {
        return false;
    }

    @Override
    public boolean isBiasParam(Layer layer, String key) {
        return false;
    }

    @Override
    public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray view, boolean initialize) {
        Map<String, INDArray> params = views(conf.getLayer(), view);
        if (initialize) {
            BatchNormalization bn = (BatchNormalization) conf.getLayer();
            params.get(BatchNormalizationParamInitializer.BETA).assign(bn.getBeta());
            params.get(BatchNormalizationParamInitializer.GLOBAL_MEAN).assign(0);
            params.get(varianceKey(bn)).assign(bn.isUseLogStd() ? 0 : 1);     // variance 1, i.e. log10(std) 0
        }
        params.keySet().forEach(conf::addVariable);
        return params;
    }

    @Override
    public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray view) {
        return views(conf.getLayer(), view);
    }

    private static Map<String, INDArray> views(Layer layer, INDArray view) {
        long c = ((BatchNormalization) layer).getNOut();
        INDArray flat = view.reshape(view.length());
        Map<String, INDArray> out = Collections.synchronizedMap(new LinkedHashMap<>());
        List<String> keys = INSTANCE.paramKeys(layer);
        for (int i = 0; i < keys.size(); i++) {
            out.put(keys.get(i), flat.get(NDArrayIndex.interval(i * c, (i + 1) * c)));
        }
        return out;
    }

    private static String varianceKey(Layer layer) {
        return ((BatchNormalization) layer).isUseLogStd() ? BatchNormalizationParamInitializer.GLOBAL_LOG_STD
                : BatchNormalizationParamInitializer.GLOBAL_VAR;
    }
}
