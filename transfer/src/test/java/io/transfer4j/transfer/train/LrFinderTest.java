package io.transfer4j.transfer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.transfer4j.dsl.Updaters;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;

class LrFinderTest {
    @Test
    void suggestsARateThatTrainsWellBelowTheDivergencePoint(@TempDir Path dir) throws Exception {
        DataSet data = TestNets.blobs(400, 1);
        ComputationGraph g = TestNets.plain(4);
        float[] before = g.params().toFloatVector();
        LrFinderResult r = LrFinder.builder().range(1e-5, 100).steps(120).batchSize(16).build().find(g, data);
        assertArrayEquals(before, g.params().toFloatVector(), "the model itself is untouched");

        double s = r.suggestion();
        double diverged = r.learningRates()[r.learningRates().length - 1];
        System.out.printf("LR finder: steepest %.3g, min/10 %.3g, stopped at %.3g after %d steps%n", s, r.minLossOver10(), diverged,
                r.learningRates().length);
        assertTrue(r.learningRates().length < 120, "SGD at rate 100 must diverge and stop the sweep early");
        assertTrue(s >= 1e-3 && s <= 3, "suggested " + s);
        assertTrue(r.minLossOver10() >= 1e-3 && r.minLossOver10() < diverged / 10, "min/10 " + r.minLossOver10());

        // the suggestion is a good rate: one epoch of SGD at it beats one at a hundredth of it
        double good = oneEpochLoss(s, data);
        double timid = oneEpochLoss(s / 100, data);
        assertTrue(good < timid, "loss at the suggestion " + good + " vs at a hundredth " + timid);

        Path png = dir.resolve("lr.png");
        r.plot(png);
        byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(png), 4);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, head);
    }

    private static double oneEpochLoss(double lr, DataSet data) {
        TrainingResult r = new Trainer(TestNets.plain(4), TrainingConfig.builder(1).batchSize(16).optimizer(Updaters.sgd(lr))
                .progressBar(false).build()).fit(data, data);
        assertEquals(1, r.epochs());
        return r.last().validationLoss();
    }
}
