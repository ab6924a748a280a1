package io.transfer4j.dsl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Padding SAME places its zeros as TensorFlow/Keras do (pretrained Keras weights depend on it): total
 * padding {@code max((out−1)·S + F − W, 0)}, the smaller half on top/left, the extra pixel bottom/right.
 * Pooling ignores the padding: max over real pixels, average divided by the real pixel count.
 */
class PaddingSameTest {

    /** A 3x3 stride-2 conv whose only weight is the top-left tap reads input[(2i − padTop), (2j − padLeft)]. */
    private static float[] topLeftTap(int n) {
        Network net = Network.builder("same" + n).input(n, n, 1).conv(1, 3).stride(2).same().noBias().build();
        ComputationGraph g = net.graph();
        INDArray w = g.getParam("conv1_W");
        w.assign(0);
        w.putScalar(new long[] {0, 0, 0, 0}, 1.0);
        INDArray x = Nd4j.arange(1, n * n + 1).castTo(DataType.FLOAT).reshape(1, 1, n, n);
        return g.outputSingle(x).reshape(-1).toFloatVector();
    }

    @Test
    void oddInputPadsOneOnTopAndLeft() {
        // W=5, S=2, F=3: out 3, total padding 2 -> 1 top, 1 bottom. Input values 1..25 row-major.
        assertArrayEquals(new float[] {0, 0, 0, 0, 7, 9, 0, 17, 19}, topLeftTap(5));
    }

    @Test
    void evenInputPadsOnlyBottomAndRight() {
        // W=6, S=2, F=3: out 3, total padding 1 -> 0 top, 1 bottom (TensorFlow's rule; a symmetric split would shift).
        assertArrayEquals(new float[] {1, 3, 5, 13, 15, 17, 25, 27, 29}, topLeftTap(6));
    }

    /** 3x3 stride-2 SAME pooling on 6x6 (values 1..36): padding 0 top/left, 1 bottom/right, as TensorFlow. */
    @Test
    void poolingPadsLikeTensorFlowToo() {
        INDArray x = Nd4j.arange(1, 37).castTo(DataType.FLOAT).reshape(1, 1, 6, 6);
        Network max = Network.builder("max6").input(6, 6, 1).maxPool(3).stride(2).same().build();
        assertArrayEquals(new float[] {15, 17, 18, 27, 29, 30, 33, 35, 36}, max.graph().outputSingle(x).reshape(-1).toFloatVector());
        Network avg = Network.builder("avg6").input(6, 6, 1).avgPool(3).stride(2).same().build();
        // windows rows/cols {0-2, 2-4, 4-5}: on this linear ramp the mean is the window's centre
        assertArrayEquals(new float[] {8, 10, 11.5f, 20, 22, 23.5f, 29, 31, 32.5f},
                avg.graph().outputSingle(x).reshape(-1).toFloatVector(), 1e-5f);
    }

    @Test
    void averagePoolingDividesByRealPixelsOnly() {
        Network net = Network.builder("avg").input(5, 5, 1).avgPool(3).stride(2).same().build();
        INDArray y = net.graph().outputSingle(Nd4j.ones(DataType.FLOAT, 1, 1, 5, 5));
        assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1, 1, 1, 1}, y.reshape(-1).toFloatVector(), 1e-6f);
    }

    @Test
    void maxPoolingNeverPicksThePadding() {
        Network net = Network.builder("max").input(5, 5, 1).maxPool(3).stride(2).same().build();
        INDArray y = net.graph().outputSingle(Nd4j.ones(DataType.FLOAT, 1, 1, 5, 5).neg());
        assertArrayEquals(new float[] {-1, -1, -1, -1, -1, -1, -1, -1, -1}, y.reshape(-1).toFloatVector(), 1e-6f);
    }
}
