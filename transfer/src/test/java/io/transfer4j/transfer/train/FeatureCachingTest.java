package io.transfer4j.transfer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.transfer4j.dsl.Updaters;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

class FeatureCachingTest {
    private static final DataSet TRAIN = TestNets.blobs(200, 1);
    private static final DataSet VAL = TestNets.blobs(60, 2);

    private static TrainingResult train(FeatureCaching mode, long budget) {
        ComputationGraph g = TestNets.frozenTrunk(7);
        TrainingConfig c = TrainingConfig.builder(4).batchSize(16).seed(3).optimizer(Updaters.adam(5e-3))
                .schedule(LrSchedules.exponential(5e-3, 0.2)).featureCaching(mode).cacheMemoryBudgetBytes(budget)
                .progressBar(false).build();
        return new Trainer(g, c).fit(TRAIN, VAL);
    }

    @Test
    void cachedHeadTrainingEqualsFullNetworkTraining() {
        TrainingResult uncached = train(FeatureCaching.OFF, 1L << 30);
        TrainingResult cached = train(FeatureCaching.REQUIRED, 1L << 30);
        assertFalse(uncached.cachedFeatures());
        assertTrue(cached.cachedFeatures());
        INDArray a = uncached.graph().params();
        INDArray b = cached.graph().params();
        double maxDiff = a.sub(b).amaxNumber().doubleValue();
        assertTrue(maxDiff < 1e-5, "cached and uncached parameters differ by " + maxDiff);
        for (int i = 0; i < 4; i++) {
            assertEquals(uncached.history().get(i).trainLoss(), cached.history().get(i).trainLoss(), 1e-5);
            assertEquals(uncached.history().get(i).validationAccuracy(), cached.history().get(i).validationAccuracy(), 1e-9);
        }
        // the optimizer state went back into the full graph too: Adam's moments agree
        double stateDiff = uncached.graph().getUpdater().getStateViewArray()
                .sub(cached.graph().getUpdater().getStateViewArray()).amaxNumber().doubleValue();
        assertTrue(stateDiff < 1e-5, "updater state differs by " + stateDiff);
        assertEquals(uncached.graph().getConfiguration().getIterationCount(), cached.graph().getConfiguration().getIterationCount());
        assertEquals(4, cached.graph().getConfiguration().getEpochCount());
    }

    @Test
    void onDiskCacheGivesTheSameResult() {
        TrainingResult memory = train(FeatureCaching.REQUIRED, 1L << 30);
        TrainingResult disk = train(FeatureCaching.REQUIRED, 0);
        assertEquals(0.0, memory.graph().params().sub(disk.graph().params()).amaxNumber().doubleValue(), 1e-6);
    }

    @Test
    void frozenParametersAndBatchNormStatisticsAreBitIdenticalAfterTraining() {
        for (FeatureCaching mode : new FeatureCaching[] {FeatureCaching.OFF, FeatureCaching.AUTO}) {
            ComputationGraph g = TestNets.frozenTrunk(7);
            INDArray dense1 = g.getLayer("dense1").params().dup();
            INDArray bn1 = g.getLayer("bn1").params().dup(); // gamma, beta, running mean, running variance
            INDArray head = g.getLayer("dense2").params().dup();
            new Trainer(g, TrainingConfig.builder(2).featureCaching(mode).progressBar(false).build()).fit(TRAIN, null);
            assertArrayEquals(dense1.toFloatVector(), g.getLayer("dense1").params().toFloatVector(), mode + ": frozen dense moved");
            assertArrayEquals(bn1.toFloatVector(), g.getLayer("bn1").params().toFloatVector(), mode + ": frozen BN moved");
            assertNotEquals(head, g.getLayer("dense2").params(), mode + ": the head did not train");
        }
    }

    @Test
    void iteratorInputIsCachedTooAndMatchesTheUncachedIteratorRun() {
        TrainingResult[] r = new TrainingResult[2];
        FeatureCaching[] modes = {FeatureCaching.OFF, FeatureCaching.REQUIRED};
        for (int i = 0; i < 2; i++) {
            var it = new org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator<>(TRAIN.asList(), 20);
            TrainingConfig c = TrainingConfig.builder(3).seed(3).shuffle(false).featureCaching(modes[i]).progressBar(false).build();
            r[i] = new Trainer(TestNets.frozenTrunk(7), c).fit(it, null);
        }
        assertTrue(r[1].cachedFeatures());
        assertEquals(3, r[1].epochs());
        // without shuffling both runs see the iterator's batches in its order
        assertEquals(0.0, r[0].graph().params().sub(r[1].graph().params()).amaxNumber().doubleValue(), 1e-5);
    }

    @Test
    void requiredCachingExplainsWhyItIsImpossible() {
        ComputationGraph g = TestNets.plain(1);
        TrainingConfig c = TrainingConfig.builder(1).featureCaching(FeatureCaching.REQUIRED).progressBar(false).build();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new Trainer(g, c).fit(TRAIN, null));
        assertTrue(e.getMessage().contains("network input"), e.getMessage());
        TrainingConfig aug = TrainingConfig.builder(1).featureCaching(FeatureCaching.REQUIRED).augmentedInput(true)
                .progressBar(false).build();
        e = assertThrows(IllegalStateException.class, () -> new Trainer(TestNets.frozenTrunk(1), aug).fit(TRAIN, null));
        assertTrue(e.getMessage().contains("augmented"), e.getMessage());
    }
}
