package io.transfer4j.dsl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** Shared check for the block tests: a small net built from a block runs forward and learns. */
final class BlockTraining {
    private BlockTraining() {
    }

    /** Forward on a random batch of 4 (shape check), then one SGD step lowers the loss on a fixed batch. */
    static void forwardAndOneStepLowersLoss(Network net, int classes) {
        ComputationGraph g = net.graph();
        Shape in = net.inputShapes().get(0);
        Nd4j.getRandom().setSeed(7);
        INDArray x = Nd4j.rand(new int[] {4, in.channels(), in.height(), in.width()});
        INDArray y = g.outputSingle(x);
        assertArrayEquals(new long[] {4, classes}, y.shape());
        INDArray labels = Nd4j.zeros(4, classes);
        for (int i = 0; i < 4; i++) {
            labels.putScalar(i, i % classes, 1);
        }
        DataSet ds = new DataSet(x, labels);
        // training-mode score: batch norm uses the batch's statistics, as the step does
        double before = g.score(ds, true);
        g.fit(ds);
        double after = g.score(ds, true);
        assertTrue(after < before, "loss should drop after one step: " + before + " -> " + after);
    }
}
