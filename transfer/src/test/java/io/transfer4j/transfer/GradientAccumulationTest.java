package io.transfer4j.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.transfer4j.dsl.Network;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class GradientAccumulationTest {
    static ComputationGraph net() {
        return Network.builder("acc").seed(3).input(8, 8, 2).conv(4, 3).act(Activation.RELU).maxPool(2)
                .flatten().dense(6).act(Activation.TANH).output(3).build().graph();
    }

    /** n random 8x8x2 images, labels cycling through the 3 classes. */
    static INDArray[] data(long seed, int n) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.rand(DataType.FLOAT, n, 2, 8, 8);
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, 3);
        for (int i = 0; i < n; i++) {
            y.putScalar(i, i % 3, 1);
        }
        return new INDArray[] {x, y};
    }

    @Test
    void twoStepsOfMicroBatchesEqualTwoWholeBatchSteps() {
        INDArray[] d = data(5, 8);
        INDArray x = d[0];
        INDArray y = d[1];
        ComputationGraph whole = net();
        ComputationGraph micro = net();
        assertEquals(whole.params(), micro.params());
        for (int step = 0; step < 2; step++) {   // two steps: Adam's moments and bias correction must agree too
            whole.fit(new INDArray[] {x}, new INDArray[] {y});
            GradientAccumulation.fit(micro, x, y, 4);
        }
        double diff = whole.params().sub(micro.params()).amaxNumber().doubleValue();
        double moved = whole.params().sub(net().params()).amaxNumber().doubleValue();
        assertTrue(moved > 1e-4, "training must have changed the parameters");
        assertTrue(diff < 1e-6, "micro-batched params differ by " + diff);
        assertEquals(2, micro.getIterationCount());
    }

    @Test
    void anUnevenSplitGivesTheWholeBatchStepToo() {
        INDArray[] d = data(6, 7);
        ComputationGraph whole = net();
        whole.fit(new INDArray[] {d[0]}, new INDArray[] {d[1]});
        ComputationGraph micro = net();
        double score = GradientAccumulation.fit(micro, d[0], d[1], 3);   // 3, 2, 2 examples
        double diff = whole.params().sub(micro.params()).amaxNumber().doubleValue();
        assertTrue(diff < 1e-6, "uneven micro-batches differ by " + diff);
        assertEquals(whole.score(), score, 1e-5, "the step's score is the mean over the whole batch");
        assertEquals(score, micro.score(), 0);
    }

    @Test
    void rejectsFewerThanOneMicroBatch() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GradientAccumulation.fit(net(),
                Nd4j.rand(DataType.FLOAT, 6, 2, 8, 8), Nd4j.zeros(DataType.FLOAT, 6, 3), 0));
        assertTrue(e.getMessage().contains("microBatches must be at least 1, got 0"), e.getMessage());
    }
}
