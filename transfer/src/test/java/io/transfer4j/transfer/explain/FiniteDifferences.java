package io.transfer4j.transfer.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.ToDoubleFunction;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Central finite differences of a scalar function, compared with an analytic gradient (double-precision graphs). */
final class FiniteDifferences {
    private FiniteDifferences() {
    }

    /** Checks every {@code stride}-th element of {@code analytic} = d f / d x at {@code x} within {@code tolerance}. */
    static void check(ToDoubleFunction<INDArray> f, INDArray x, INDArray analytic, int stride, double tolerance, String what) {
        double h = 1e-6;
        for (long i = 0; i < x.length(); i += stride) {
            INDArray plus = x.dup();
            plus.putScalar(i, x.getDouble(i) + h);
            INDArray minus = x.dup();
            minus.putScalar(i, x.getDouble(i) - h);
            double numeric = (f.applyAsDouble(plus) - f.applyAsDouble(minus)) / (2 * h);
            assertEquals(numeric, analytic.getDouble(i), tolerance, what + ", element " + i);
        }
    }
}
