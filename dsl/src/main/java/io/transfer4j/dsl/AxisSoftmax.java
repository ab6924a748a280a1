package io.transfer4j.dsl;

import java.util.Locale;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.BaseActivationFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.SoftmaxBp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Softmax over one chosen dimension of the activation array. DL4J 1.0.0-M2.1's {@code ActivationSoftmax}
 * always uses the last dimension, which on an NCHW feature map is the width, not the channels a user means
 * (Keras's channels-last {@code axis=-1}, PyTorch's {@code Softmax(dim=1)}). The DSL's {@code softmax()} on an
 * image uses this with dimension 1; on a vector it keeps DL4J's own class. Serialised in the graph's JSON like
 * any DL4J activation (Jackson records the class and {@code dimension}).
 *
 * <pre>{@code g.addLayer("probs", new CopyingActivationLayer(new AxisSoftmax(1)), "scores")}</pre>
 */
public class AxisSoftmax extends BaseActivationFunction {
    private int dimension = 1;

    /** For JSON deserialisation (dimension 1, channels). */
    public AxisSoftmax() {
    }

    /** Softmax over array dimension {@code dimension} (1 = channels of NCHW or NCW, 2 = height, 3 = width). */
    public AxisSoftmax(int dimension) {
        if (dimension < 1) {
            throw new IllegalArgumentException("softmax dimension must be >= 1 (0 is the batch), got " + dimension);
        }
        this.dimension = dimension;
    }

    public int getDimension() {
        return dimension;
    }

    @Override
    public INDArray getActivation(INDArray in, boolean training) {
        checkRank(in);
        Nd4j.getExecutioner().execAndReturn(new SoftMax(in, in, dimension));
        return in;
    }

    @Override
    public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
        assertShape(in, epsilon);
        checkRank(in);
        // SoftmaxBp recomputes the softmax of the pre-activation and applies its Jacobian along the dimension.
        INDArray grad = Nd4j.getExecutioner().exec(new SoftmaxBp(in, epsilon, in.ulike(), dimension))[0];
        return new Pair<>(grad, null);
    }

    private void checkRank(INDArray in) {
        if (dimension >= in.rank()) {
            throw new IllegalArgumentException("softmax over dimension " + dimension + " needs an activation of rank > "
                    + dimension + ", got shape " + java.util.Arrays.toString(in.shape()));
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AxisSoftmax a && a.dimension == dimension;
    }

    @Override
    public int hashCode() {
        return 31 * dimension + 7;
    }

    /** {@code softmax over channels} (the summary's wording). */
    @Override
    public String toString() {
        SoftmaxAxis a = SoftmaxAxis.ofDimension(dimension);
        return "softmax over " + (a == null ? "dimension " + dimension : a.name().toLowerCase(Locale.ROOT));
    }
}
