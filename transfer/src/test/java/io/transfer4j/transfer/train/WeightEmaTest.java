package io.transfer4j.transfer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

class WeightEmaTest {
    private static TrainingConfig.Builder config(int epochs) {
        return TrainingConfig.builder(epochs).batchSize(8).seed(5).shuffle(false).progressBar(false);
    }

    @Test
    void oneStepGivesDecayTimesTheStartPlusOneMinusDecayTimesTheStepsWeights() {
        DataSet d = TestNets.blobs(8, 2);
        ComputationGraph plain = TestNets.plain(1);
        INDArray start = plain.params().dup();
        new Trainer(plain, config(1).build()).fit(d, null);
        INDArray stepped = plain.params().dup();
        assertTrue(stepped.sub(start).amaxNumber().doubleValue() > 1e-4, "the step should move the weights");

        ComputationGraph averaged = TestNets.plain(1);
        new Trainer(averaged, config(1).ema(0.9).build()).fit(d, null);
        INDArray expected = start.mul(0.9).add(stepped.mul(0.1));
        assertEquals(0.0, averaged.params().sub(expected).amaxNumber().doubleValue(), 1e-6,
                "the model ends with ema = 0.9 * start + 0.1 * weights after the step");
    }

    @Test
    void validationRunsOnTheAveragedWeightsAndTrainingOnItsOwn() {
        DataSet train = TestNets.blobs(32, 2);
        DataSet val = TestNets.blobs(16, 3);
        ComputationGraph g = TestNets.plain(1);
        TrainingResult r = new Trainer(g, config(3).ema(0.5).build()).fit(train, val);
        // the final weights are the average; the last epoch's validation loss is theirs
        assertEquals(g.score(val, false), r.history().get(2).validationLoss(), 1e-5);
        // training went on from the weights' own values, not the average: they end as a run without EMA does
        ComputationGraph plain = TestNets.plain(1);
        new Trainer(plain, config(3).build()).fit(train, val);
        WeightEma ema = new WeightEma(0.5);
        ComputationGraph again = TestNets.plain(1);
        new Trainer(again, config(3).callback(ema).build()).fit(train, val);
        assertEquals(0.0, ema.average().sub(again.params()).amaxNumber().doubleValue(), 0.0);
        assertEquals(0.0, ema.ownWeights().sub(plain.params()).amaxNumber().doubleValue(), 1e-6);
        assertTrue(again.params().sub(plain.params()).amaxNumber().doubleValue() > 1e-4, "the average differs from the last weights");
    }

    @Test
    void aDecayOutsideZeroToOneIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new WeightEma(1.0));
        assertTrue(e.getMessage().contains("EMA decay") && e.getMessage().contains("1.0"), e.getMessage());
    }
}
