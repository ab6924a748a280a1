package io.transfer4j.dsl;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.BaseActivationFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Hard sigmoid {@code max(0, min(1, alpha·x + beta))} with the slope and offset as parameters: ONNX's and Keras's
 * default is alpha 0.2, beta 0.5; PyTorch's {@code Hardsigmoid} is alpha 1/6, beta 0.5. DL4J 1.0.0-M2.1's
 * {@code ActivationHardSigmoid} is fixed at 0.2 / 0.5.
 *
 * <pre>{@code b.activation(new HardSigmoidActivation(1 / 6.0, 0.5))   // PyTorch's nn.Hardsigmoid}</pre>
 */
public class HardSigmoidActivation extends BaseActivationFunction {
    private double alpha = 0.2;
    private double beta = 0.5;

    /** ONNX's defaults (alpha 0.2, beta 0.5); also for JSON deserialisation. */
    public HardSigmoidActivation() {
    }

    public HardSigmoidActivation(double alpha, double beta) {
        if (!(alpha > 0) || !Double.isFinite(beta)) {
            throw new IllegalArgumentException("hard sigmoid needs alpha > 0 and a finite beta, got alpha " + alpha + ", beta " + beta);
        }
        this.alpha = alpha;
        this.beta = beta;
    }

    public double getAlpha() {
        return alpha;
    }

    public double getBeta() {
        return beta;
    }

    @Override
    public INDArray getActivation(INDArray in, boolean training) {
        in.muli(alpha).addi(beta);
        return Transforms.min(Transforms.max(in, 0.0, false), 1.0, false);
    }

    @Override
    public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
        assertShape(in, epsilon);
        INDArray z = in.mul(alpha).addi(beta);
        INDArray inside = z.gt(0).castTo(in.dataType()).muli(z.lt(1).castTo(in.dataType()));
        in.assign(inside.muli(alpha).muli(epsilon));
        return new Pair<>(in, null);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HardSigmoidActivation h && h.alpha == alpha && h.beta == beta;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(alpha) * 31 + Double.hashCode(beta);
    }

    @Override
    public String toString() {
        return "hardsigmoid(alpha=" + alpha + ", beta=" + beta + ")";
    }
}
