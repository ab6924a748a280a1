package io.transfer4j.transfer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.transfer4j.dsl.Updaters;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.IUpdater;

/** One optimisation step with and without weight decay, against the formulas. */
class WeightDecayTest {
    private static final double LR = 0.1;
    private static final double LAMBDA = 0.05;

    /** The params of {@link TestNets#plain} after one step over all 30 examples at once. */
    private static ComputationGraph oneStep(IUpdater updater, WeightDecay decay) {
        ComputationGraph g = start();
        TrainingConfig.Builder b = TrainingConfig.builder(1).batchSize(30).shuffle(false).optimizer(updater).progressBar(false);
        new Trainer(g, b.weightDecay(decay).build()).fit(TestNets.blobs(30, 1), null);
        return g;
    }

    /** {@link TestNets#plain} with every bias at 0.5 (zero biases would hide whether they decay). */
    private static ComputationGraph start() {
        ComputationGraph g = TestNets.plain(4);
        for (var layer : g.getLayers()) {
            if (layer.getParam("b") != null) {
                layer.getParam("b").assign(0.5);
            }
        }
        return g;
    }

    private static INDArray param(ComputationGraph g, String key) {
        return g.getLayer(g.getConfiguration().getNetworkOutputs().get(0)).getParam(key);
    }

    @Test
    void decoupledDecayShrinksWeightsByLrTimesLambdaAndLeavesBiases() {
        INDArray w0 = param(start(), "W").dup();
        ComputationGraph plain = oneStep(Updaters.sgd(LR), null);
        ComputationGraph decayed = oneStep(Updaters.sgd(LR), WeightDecay.decoupled(LAMBDA));
        // SGD + decoupled decay: w1 = w0 - lr·g - lr·λ·w0, so the difference to plain SGD is -lr·λ·w0
        INDArray diff = param(decayed, "W").sub(param(plain, "W"));
        assertTrue(diff.sub(w0.mul(-LR * LAMBDA)).amaxNumber().doubleValue() < 1e-6, diff + " vs " + w0.mul(-LR * LAMBDA));
        assertEquals(0.0, param(decayed, "b").sub(param(plain, "b")).amaxNumber().doubleValue(), 1e-7, "biases are not decayed");
        ComputationGraph withBiases = oneStep(Updaters.sgd(LR), WeightDecay.decoupled(LAMBDA).decayBiasesAndBatchNorm(true));
        assertTrue(param(withBiases, "b").sub(param(plain, "b")).amaxNumber().doubleValue() > 1e-6, "unless asked");
    }

    @Test
    void l2EqualsDecoupledUnderSgdButNotUnderAdam() {
        ComputationGraph l2 = oneStep(Updaters.sgd(LR), WeightDecay.l2(LAMBDA));
        ComputationGraph dec = oneStep(Updaters.sgd(LR), WeightDecay.decoupled(LAMBDA));
        assertTrue(param(l2, "W").sub(param(dec, "W")).amaxNumber().doubleValue() < 1e-6, "SGD: λ·w in the gradient = λ·w after it");
        ComputationGraph adamL2 = oneStep(Updaters.adam(LR), WeightDecay.l2(LAMBDA));
        ComputationGraph adamW = oneStep(Updaters.adam(LR), WeightDecay.decoupled(LAMBDA));
        assertTrue(param(adamL2, "W").sub(param(adamW, "W")).amaxNumber().doubleValue() > 1e-4,
                "Adam normalises the L2 term away; AdamW's decay is not normalised");
    }

    @Test
    void theTrunkGroupHasItsOwnCoefficient() {
        ComputationGraph g = TestNets.plain(4);
        String out = g.getConfiguration().getNetworkOutputs().get(0);
        WeightDecay headOnly = WeightDecay.decoupled(LAMBDA).trunk(0);
        assertEquals(0, headOnly.trunk());
        headOnly.applyTo(g);   // no multipliers: every layer is head
        var conf = (org.deeplearning4j.nn.conf.layers.BaseLayer) g.getLayer(out).conf().getLayer();
        assertEquals(1, conf.getRegularization().size());
        assertTrue(conf.getRegularizationBias().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> WeightDecay.l2(-1));
    }
}
