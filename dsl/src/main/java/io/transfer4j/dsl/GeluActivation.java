package io.transfer4j.dsl;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.BaseActivationFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Erf;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * GELU as PyTorch and ONNX define it: {@code x·Φ(x) = 0.5·x·(1 + erf(x/√2))}, or with {@code approximate} the tanh
 * form {@code 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))} (PyTorch's {@code approximate='tanh'}). DL4J 1.0.0-M2.1's
 * {@code ActivationGELU} computes neither (measured at x = −3: −0.0181 and, "precise", −0.0247; exact GELU is −0.0040).
 *
 * <pre>{@code b.conv(64, 3).act(new GeluActivation(false))}</pre>
 */
public class GeluActivation extends BaseActivationFunction {
    private static final double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
    private static final double C = 0.044715;
    private boolean approximate;

    /** Exact (erf) GELU; also for JSON deserialisation. */
    public GeluActivation() {
    }

    public GeluActivation(boolean approximate) {
        this.approximate = approximate;
    }

    public boolean isApproximate() {
        return approximate;
    }

    @Override
    public INDArray getActivation(INDArray in, boolean training) {
        INDArray x = in.dup();
        in.assign(cdf(x).muli(x));
        return in;
    }

    /** Φ(x), or its tanh approximation. */
    private INDArray cdf(INDArray x) {
        if (approximate) {
            return Transforms.tanh(inner(x), false).addi(1).muli(0.5);
        }
        INDArray e = x.div(Math.sqrt(2));
        Nd4j.exec(new Erf(e, e));
        return e.addi(1).muli(0.5);
    }

    private static INDArray inner(INDArray x) {
        return x.mul(x).muli(x).muli(C).addi(x).muli(SQRT_2_OVER_PI);
    }

    @Override
    public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
        assertShape(in, epsilon);
        INDArray x = in.dup();
        INDArray d;
        if (approximate) {
            INDArray t = Transforms.tanh(inner(x), false);
            // 0.5(1+t) + 0.5·x·(1−t²)·√(2/π)·(1 + 3c·x²)
            INDArray slope = x.mul(x).muli(3 * C).addi(1).muli(SQRT_2_OVER_PI).muli(t.mul(t).rsubi(1)).muli(x).muli(0.5);
            d = t.addi(1).muli(0.5).addi(slope);
        } else {
            // Φ(x) + x·φ(x)
            INDArray pdf = Transforms.exp(x.mul(x).muli(-0.5), false).muli(1 / Math.sqrt(2 * Math.PI));
            d = cdf(x).addi(pdf.muli(x));
        }
        in.assign(d.muli(epsilon));
        return new Pair<>(in, null);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GeluActivation g && g.approximate == approximate;
    }

    @Override
    public int hashCode() {
        return approximate ? 1 : 2;
    }

    @Override
    public String toString() {
        return approximate ? "gelu_tanh" : "gelu";
    }
}
