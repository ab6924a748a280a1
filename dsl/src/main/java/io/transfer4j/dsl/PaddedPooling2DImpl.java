package io.transfer4j.dsl;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.AbstractLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;

/**
 * The runtime of {@link PaddedPooling2D}: pad (−max float for max pooling, zeros for average), pool VALID with
 * libnd4j's {@code maxpool2d}/{@code avgpool2d}, rescale averages to the configured divisor. Backward: the rescale,
 * libnd4j's {@code *_bp} op on the padded input, then the gradient of the real pixels only (the crop).
 */
final class PaddedPooling2DImpl extends AbstractLayer<PaddedPooling2D> {

    PaddedPooling2DImpl(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
        assertInputSet(false);
        PaddedPooling2D c = layerConf();
        INDArray padded = padded(c);
        int[] out = c.outputSize(input.size(2), input.size(3));
        INDArray y = mgr.createUninitialized(ArrayType.ACTIVATIONS, input.dataType(), input.size(0), input.size(1), out[0], out[1]);
        Nd4j.exec(op(c, c.isMax() ? "maxpool2d" : "avgpool2d").addInputs(padded).addOutputs(y).build());
        if (!c.isMax()) {
            y.muli(c.rescale(input.size(2), input.size(3), y.dataType()));
        }
        return y;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
        assertInputSet(true);
        PaddedPooling2D c = layerConf();
        INDArray padded = padded(c);
        INDArray eps = c.isMax() ? epsilon : epsilon.mul(c.rescale(input.size(2), input.size(3), epsilon.dataType()));
        INDArray gradPadded = Nd4j.createUninitialized(padded.dataType(), padded.shape());
        Nd4j.exec(op(c, c.isMax() ? "maxpool2d_bp" : "avgpool2d_bp").addInputs(padded, eps).addOutputs(gradPadded).build());
        INDArray grad = mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, input.dataType(), input.shape());
        grad.assign(gradPadded.get(realPixels(c)));
        return new Pair<>(new DefaultGradient(), grad);
    }

    /** The input inside its padding: −max float around it for max pooling (never chosen), zeros for average. */
    private INDArray padded(PaddedPooling2D c) {
        int[] p = c.fullPads(input.size(2), input.size(3));
        INDArray out = Nd4j.valueArrayOf(new long[] {input.size(0), input.size(1), input.size(2) + p[0] + p[1],
                input.size(3) + p[2] + p[3]}, c.isMax() ? -Float.MAX_VALUE : 0.0, input.dataType());
        out.get(realPixels(c)).assign(input);
        return out;
    }

    private INDArrayIndex[] realPixels(PaddedPooling2D c) {
        int[] p = c.fullPads(input.size(2), input.size(3));
        return new INDArrayIndex[] {all(), all(), interval(p[0], p[0] + input.size(2)), interval(p[2], p[2] + input.size(3))};
    }

    /** libnd4j pooling arguments: kernel, stride, no padding, dilation, VALID, divisor mode 0, NCHW. */
    private static DynamicCustomOp.DynamicCustomOpsBuilder op(PaddedPooling2D c, String name) {
        int[] k = c.getKernel();
        int[] s = c.getStride();
        int[] d = c.getDilation();
        return DynamicCustomOp.builder(name).addIntegerArguments(k[0], k[1], s[0], s[1], 0, 0, d[0], d[1], 0, 0, 0);
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public void clearNoiseWeightParams() {
        // no weights
    }

    @Override
    public Type type() {
        return Type.SUBSAMPLING;
    }

    @Override
    public double calcRegularizationScore(boolean backpropParamsOnly) {
        return 0;
    }
}
