package io.transfer4j.dsl;

import java.util.Collection;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Batch normalization without the learned scale, Keras's {@code BatchNormalization(scale=False)} (InceptionV3):
 * {@code (x − mean) / sqrt(var + eps) + beta}. Its parameters are beta, the moving mean and the moving variance —
 * three per channel, in Keras's array order — so parameter counts and weight files match Keras's. DL4J 1.0.0-M2.1
 * can lock gamma only together with beta; this layer keeps DL4J's batch norm (and its helpers) and feeds it a
 * constant gamma of one ({@link CenteredBatchNormImpl}).
 *
 * <pre>{@code Network.builder("n").input(8, 8, 3).conv(4, 3).batchNorm().noScale().relu().build();}</pre>
 */
public class CenteredBatchNorm extends BatchNormalization {

    /** For JSON deserialisation. */
    public CenteredBatchNorm() {
    }

    /** The same batch norm as {@code bn} (built by DL4J's builder, which sets every default) without the scale. */
    public CenteredBatchNorm(BatchNormalization bn) {
        layerName = bn.getLayerName();
        iDropout = bn.getIDropout();
        constraints = bn.getConstraints();
        activationFn = bn.getActivationFn();
        weightInitFn = bn.getWeightInitFn();
        biasInit = bn.getBiasInit();
        gainInit = bn.getGainInit();
        regularization = bn.getRegularization();
        regularizationBias = bn.getRegularizationBias();
        iUpdater = bn.getIUpdater();
        biasUpdater = bn.getBiasUpdater();
        weightNoise = bn.getWeightNoise();
        gradientNormalization = bn.getGradientNormalization();
        gradientNormalizationThreshold = bn.getGradientNormalizationThreshold();
        nIn = bn.getNIn();
        nOut = bn.getNOut();
        timeDistributedFormat = bn.getTimeDistributedFormat();
        decay = bn.getDecay();
        eps = bn.getEps();
        isMinibatch = bn.isMinibatch();
        gamma = 1;
        beta = bn.getBeta();
        lockGammaBeta = false;
        cudnnAllowFallback = bn.isCudnnAllowFallback();
        useLogStd = bn.isUseLogStd();
        cnn2DFormat = bn.getCnn2DFormat();
    }

    @Override
    public ParamInitializer initializer() {
        return CenteredBatchNormParams.INSTANCE;
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners,
                                                       int layerIndex, INDArray paramsView, boolean initializeParams,
                                                       DataType networkDataType) {
        return RuntimeLayers.wire(new CenteredBatchNormImpl(conf, networkDataType), conf, initializer(), listeners, layerIndex, paramsView,
                initializeParams);
    }

    @Override
    public CenteredBatchNorm clone() {
        return (CenteredBatchNorm) super.clone();
    }
}
