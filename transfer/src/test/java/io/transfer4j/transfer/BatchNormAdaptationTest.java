package io.transfer4j.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class BatchNormAdaptationTest {

    /** Images from another distribution than the one the BN statistics describe: shifted and scaled. */
    private static INDArray shiftedImages() {
        return Nets.randomData(11, 32, 3).getFeatures().muli(3).addi(2);
    }

    @Test
    void runningStatisticsBecomeThoseOfTheTargetImagesAndWeightsStay() {
        TransferModel m = TransferModel.from(Nets.small(3)).freezeAllExcept("output1");
        ComputationGraph g = m.graph();
        INDArray conv1W = Nets.param(g, "conv1", "W");
        INDArray gamma = Nets.param(g, "bn1", "gamma");
        INDArray x = shiftedImages();

        assertEquals(List.of("bn1", "bn2"), BatchNormAdaptation.adapt(g, x));

        // bn1's running mean/variance equal the per-channel statistics of conv1's output on x
        INDArray conv = g.feedForward(new INDArray[] {x}, false, false).get("conv1");
        assertTrue(conv.mean(0, 2, 3).equalsWithEps(g.getLayer("bn1").getParam("mean").reshape(-1), 1e-4));
        INDArray var = Nd4j.getExecutioner().exec(new org.nd4j.linalg.api.ops.impl.summarystats.Variance(conv, false, 0, 2, 3));
        INDArray stored = org.nd4j.linalg.ops.transforms.Transforms.pow(
                org.nd4j.linalg.ops.transforms.Transforms.pow(Nd4j.valueArrayOf(var.shape(), 10.0f),
                        g.getLayer("bn1").getParam("log10stdev").reshape(-1), false), 2, false);
        assertTrue(var.equalsWithEps(stored, 1e-3 * var.maxNumber().doubleValue()), var + " vs " + stored);
        // so in inference mode every bn2 channel comes out normalised on x (gamma 1, beta 0 at init)
        INDArray bn2 = g.feedForward(new INDArray[] {x}, false, false).get("bn2");
        assertArrayEquals(new double[6], bn2.mean(0, 2, 3).toDoubleVector(), 1e-3);
        for (double v : bn2.var(false, 0, 2, 3).toDoubleVector()) {
            assertEquals(1.0, v, 1e-2);
        }
        // learned parameters are untouched and the layers stay frozen
        assertEquals(conv1W, Nets.param(g, "conv1", "W"));
        assertEquals(gamma, Nets.param(g, "bn1", "gamma"));
        assertTrue(m.isFrozen("bn1"));
        // a statistic, not training: the same images give the same result again
        INDArray mean = Nets.param(g, "bn2", "mean");
        BatchNormAdaptation.adapt(g, x);
        assertEquals(mean, Nets.param(g, "bn2", "mean"));
    }

    @Test
    void tooFewImagesIsAClearError() {
        ComputationGraph g = Nets.small(3).graph();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BatchNormAdaptation.adapt(g, shiftedImages().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 1))));
        assertTrue(e.getMessage().contains("at least 2 images"), e.getMessage());
    }
}
