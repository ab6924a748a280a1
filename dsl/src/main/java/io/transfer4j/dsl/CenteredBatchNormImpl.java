package io.transfer4j.dsl;

import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runtime layer of {@link CenteredBatchNorm}: DL4J's batch norm with gamma read as a constant one. Its backward pass
 * writes gamma's gradient into a scratch array that belongs to no parameter and is dropped from the returned
 * gradient, so nothing is trained or regularised for it.
 */
final class CenteredBatchNormImpl extends org.deeplearning4j.nn.layers.normalization.BatchNormalization {
    private static final String GAMMA = BatchNormalizationParamInitializer.GAMMA;
    private INDArray ones;

    CenteredBatchNormImpl(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray getParam(String param) {
        if (!GAMMA.equals(param)) {
            return super.getParam(param);
        }
        INDArray beta = super.getParam(BatchNormalizationParamInitializer.BETA);
        if (ones == null || !ones.equalShapes(beta) || ones.dataType() != beta.dataType()) {
            // first asked for inside a forward pass: keep it out of that pass's workspace, which is recycled
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                ones = Nd4j.onesLike(beta);
            }
        }
        return ones;
    }

    @Override
    public void setBackpropGradientsViewArray(INDArray gradients) {
        super.setBackpropGradientsViewArray(gradients);
        Map<String, INDArray> views = new LinkedHashMap<>(gradientViews);
        INDArray beta = views.get(BatchNormalizationParamInitializer.BETA);
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            views.put(GAMMA, Nd4j.zerosLike(beta));   // scratch: DL4J's backward pass writes d(gamma) here
        }
        gradientViews = views;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        Pair<Gradient, INDArray> out = super.backpropGradient(epsilon, workspaceMgr);
        out.getFirst().gradientForVariable().remove(GAMMA);
        return out;
    }
}
