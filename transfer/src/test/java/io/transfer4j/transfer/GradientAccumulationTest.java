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

    @Test
    void twoStepsOfMicroBatchesEqualTwoWholeBatchSteps() {
        Nd4j.getRandom().setSeed(5);
        INDArray x = Nd4j.rand(DataType.FLOAT, 8, 2, 8, 8);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 8, 3);
        for (int i = 0; i < 8; i++) {
            y.putScalar(i, i % 3, 1);
        }
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
        Nd4j.getRandom().setSeed(6);
        INDArray x = Nd4j.rand(DataType.FLOAT, 7, 2, 8, 8);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 7, 3);
        for (int i = 0; i < 7; i++) {
            y.putScalar(i, i % 3, 1);
        }
        ComputationGraph whole = net();
        ComputationGraph micro = net();
        whole.fit(new INDArray[] {x}, new INDArray[] {y});
        double score = GradientAccumulation.fit(micro, x, y, 3);   // 3, 2, 2 examples
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
