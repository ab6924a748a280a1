package io.transfer4j.dsl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class NetworkBuilderTest {

    /** The seed-002 lab CNN; Keras reports 1,199,882 parameters. */
    static Network labCnn() {
        return Network.builder("lab-cnn").input(28, 28, 1)
                .conv(32, 3).act(Activation.RELU)
                .conv(64, 3).act(Activation.RELU)
                .maxPool(2).dropout(0.25)
                .flatten().dense(128).act(Activation.RELU).dropout(0.5)
                .output(10)
                .build();
    }

    @Test
    void labCnnHasKerasParameterCount() {
        Network net = labCnn();
        assertEquals(1_199_882, net.parameterCount());
        assertEquals(1_199_882, net.graph().numParams());
        assertEquals(Shape.image(12, 12, 64), net.shapeOf("max_pool1"));
    }

    @Test
    void fourThreeByThreeFiltersOnRgbHave112Parameters() {
        Network net = Network.builder("seed003").input(32, 32, 3).conv(4, 3).build();
        assertEquals(112, net.parameterCount());
    }

    @Test
    void seed004Shapes() {
        assertEquals(Shape.image(28, 28, 6),
                Network.builder("a").input(32, 32, 3).conv(6, 5).build().outputShape());
        assertEquals(Shape.image(56, 56, 32),
                Network.builder("b").input(56, 56, 64).conv(32, 1).build().outputShape());
    }

    @Test
    void maxPoolWorkedExample() {
        ComputationGraph g = Network.builder("pool").input(4, 4, 1).maxPool(2).build().graph();
        INDArray x = Nd4j.create(new float[] {1, 1, 2, 4, 5, 6, 7, 8, 3, 2, 1, 0, 1, 2, 3, 4}, new long[] {1, 1, 4, 4});
        INDArray y = g.outputSingle(x);
        assertArrayEquals(new float[] {6, 8, 3, 4}, y.castTo(DataType.FLOAT).reshape(4).toFloatVector());
    }

    @Test
    void kernelLargerThanInputNamesTheLayer() {
        ShapeException e = assertThrows(ShapeException.class,
                () -> Network.builder("bad").input(5, 5, 3).conv(8, 7).name("too_big").build());
        assertTrue(e.getMessage().contains("too_big"), e.getMessage());
        assertTrue(e.getMessage().contains("5x5x3"), e.getMessage());
    }
}
