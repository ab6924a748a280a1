package io.transfer4j.dsl;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.BaseActivationFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Hard swish {@code x·relu6(x + 3)/6} (MobileNetV3; PyTorch's {@code Hardswish}, ONNX's {@code HardSwish}), which
 * DL4J 1.0.0-M2.1 does not have.
 *
 * <pre>{@code b.conv(16, 3).act(new HardSwishActivation())}</pre>
 */
public class HardSwishActivation extends BaseActivationFunction {

    @Override
    public INDArray getActivation(INDArray in, boolean training) {
        INDArray gate = Transforms.min(Transforms.max(in.add(3), 0.0, false), 6.0, false).divi(6);
        return in.muli(gate);
    }

    @Override
    public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
        assertShape(in, epsilon);
        // 0 below −3, 1 above 3, (2x + 3)/6 between
        INDArray mid = in.gt(-3).castTo(in.dataType()).muli(in.lt(3).castTo(in.dataType()));
        INDArray above = in.gte(3).castTo(in.dataType());
        INDArray d = in.mul(2).addi(3).divi(6).muli(mid).addi(above);
        in.assign(d.muli(epsilon));
        return new Pair<>(in, null);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HardSwishActivation;
    }

    @Override
    public int hashCode() {
        return 7;
    }

    @Override
    public String toString() {
        return "hardswish";
    }
}
