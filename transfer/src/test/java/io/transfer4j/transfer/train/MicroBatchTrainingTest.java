package io.transfer4j.transfer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.transfer4j.dsl.Network;
import io.transfer4j.dsl.Updaters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** Trainer with microBatches(k): the same run as whole batches (no BatchNorm, no dropout), same bookkeeping. */
class MicroBatchTrainingTest {

    /** A small conv net without BatchNorm or dropout, so micro-batching changes nothing but memory. */
    private static ComputationGraph convNet() {
        return Network.builder("mb").seed(7).updater(Updaters.adam(1e-2)).input(6, 6, 2)
                .conv(4, 3).act(Activation.RELU).maxPool(2)
                .flatten().dense(8).act(Activation.TANH).output(3).build().graph();
    }

    private static DataSet images(int n, long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.rand(DataType.FLOAT, n, 2, 6, 6);
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, 3);
        for (int i = 0; i < n; i++) {
            int c = i % 3;
            y.putScalar(i, c, 1);
            x.get(org.nd4j.linalg.indexing.NDArrayIndex.point(i)).addi(c * 0.5);   // learnable
        }
        return new DataSet(x, y);
    }

    private static TrainingConfig config(int microBatches, Path dir) {
        // 22 examples in batches of 8: the last batch of 6 splits unevenly into 2, 2, 1, 1
        return TrainingConfig.builder(3).batchSize(8).microBatches(microBatches).seed(3).progressBar(false)
                .featureCaching(FeatureCaching.OFF).schedule(LrSchedules.oneCycle(1e-2, 9))
                .earlyStopping(EarlyStopping.onValidationLoss(5)).checkpointDir(dir).build();
    }

    @Test
    void microBatchesGiveTheParametersAndHistoryOfWholeBatches(@TempDir Path tmp) {
        DataSet train = images(22, 1);
        DataSet val = images(9, 2);
        ComputationGraph whole = convNet();
        ComputationGraph micro = convNet();
        INDArray start = whole.params().dup();
        int[] passes = new int[2];   // forward passes, optimizer steps seen by a DL4J listener on the graph
        micro.setListeners(new BaseTrainingListener() {
            @Override
            public void onForwardPass(Model model, Map<String, INDArray> activations) {
                passes[0]++;
            }

            @Override
            public void iterationDone(Model model, int iteration, int epoch) {
                passes[1]++;
            }
        });
        TrainingResult a = new Trainer(whole, config(1, tmp.resolve("a"))).fit(train, val);
        TrainingResult b = new Trainer(micro, config(4, tmp.resolve("b"))).fit(train, val);

        double moved = whole.params().sub(start).amaxNumber().doubleValue();
        double diff = whole.params().sub(micro.params()).amaxNumber().doubleValue();
        assertTrue(moved > 1e-3, "training must move the parameters, moved " + moved);
        assertTrue(diff < 1e-5, "micro-batched parameters differ by " + diff);
        assertEquals(whole.getIterationCount(), micro.getIterationCount(), "one optimizer step per batch");
        assertEquals(9, micro.getIterationCount());
        assertEquals(3 * 3 * 4, passes[0], "3 epochs x 3 batches x 4 micro-batches forward passes");
        assertEquals(9, passes[1], "one iterationDone per optimizer step");
        for (int e = 0; e < 3; e++) {
            EpochStats x = a.history().get(e);
            EpochStats y = b.history().get(e);
            assertEquals(x.trainLoss(), y.trainLoss(), 1e-5, "epoch " + (e + 1) + " training loss");
            assertEquals(x.trainAccuracy(), y.trainAccuracy(), 1e-9, "epoch " + (e + 1) + " training accuracy (probe)");
            assertEquals(x.validationLoss(), y.validationLoss(), 1e-5, "epoch " + (e + 1) + " validation loss");
        }
        assertTrue(!Double.isNaN(b.history().get(0).trainAccuracy()), "the accuracy probe must see micro-batches");
        assertTrue(Files.exists(tmp.resolve("b").resolve(Checkpoint.FILE)), "checkpoint written");
    }

    @Test
    void iteratorBatchesSplitUnevenlyGiveTheSameRun() {
        // the CLI's route: iterators whose batch (8) is not a multiple of the micro-batch count (3: 3, 3, 2)
        DataSet train = images(16, 3);
        DataSet val = images(10, 4);
        ComputationGraph whole = convNet();
        ComputationGraph micro = convNet();
        for (ComputationGraph g : new ComputationGraph[] {whole, micro}) {
            TrainingConfig c = TrainingConfig.builder(2).microBatches(g == whole ? 1 : 3).progressBar(false)
                    .featureCaching(FeatureCaching.OFF).build();
            new Trainer(g, c).fit(new ListDataSetIterator<>(train.asList(), 8), new ListDataSetIterator<>(val.asList(), 10));
        }
        double diff = whole.params().sub(micro.params()).amaxNumber().doubleValue();
        assertTrue(diff < 1e-5, "micro-batched parameters differ by " + diff);
        assertEquals(4, micro.getIterationCount());
    }

    @Test
    void badMicroBatchCountsNameTheOption() {
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> TrainingConfig.builder(1).microBatches(0));
        assertTrue(zero.getMessage().contains("microBatches must be at least 1"), zero.getMessage());

        TrainingConfig tooMany = TrainingConfig.builder(1).batchSize(4).microBatches(8).progressBar(false).build();
        IllegalArgumentException big = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(convNet(), tooMany).fit(images(8, 1), null));
        assertTrue(big.getMessage().contains("microBatches (8) is larger than the batch size (4)"), big.getMessage());
    }
}
