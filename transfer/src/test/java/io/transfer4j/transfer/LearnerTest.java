package io.transfer4j.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.transfer4j.dsl.Network;
import io.transfer4j.dsl.Updaters;
import io.transfer4j.transfer.LearnerData.Split;
import io.transfer4j.transfer.data.Augment;
import io.transfer4j.transfer.data.ImageFolder;
import io.transfer4j.transfer.data.ImageFolderData;
import io.transfer4j.transfer.train.BatchStats;
import io.transfer4j.transfer.train.Callback;
import io.transfer4j.transfer.train.DataSource;
import io.transfer4j.transfer.train.EpochStats;
import io.transfer4j.transfer.train.FineTune;
import io.transfer4j.transfer.train.LrFinder;
import io.transfer4j.transfer.train.LrFinderResult;
import io.transfer4j.transfer.train.MetricsLog;
import io.transfer4j.transfer.train.Trainer;
import io.transfer4j.transfer.train.TrainingConfig;
import io.transfer4j.transfer.train.TrainingResult;
import io.transfer4j.transfer.train.TrainingRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.adapter.MultiDataSetIteratorAdapter;

/** The Learner against the lower-level path it drives, on in-memory data and on an augmented image folder. */
class LearnerTest {
    @TempDir
    Path dir;

    /** 12x12 RGB: conv (trunk) -> pool -> dense -> output. */
    private static TransferModel model() {
        Network net = Network.builder("tiny").seed(11).updater(Updaters.adam(1e-2)).input(12, 12, 3)
                .conv(4, 3).name("conv1").relu().globalAvgPool().name("gap")
                .dense(8).act(Activation.RELU).name("dense1").output(2).name("out").build();
        return TransferModel.from(net).freezeAllExcept("dense1", "out");
    }

    private static TrainingConfig.Builder settings(TrainingConfig.Builder b) {
        return b.batchSize(4).seed(3).progressBar(false).engine(io.transfer4j.transfer.onnx.Engine.Kind.DL4J);
    }

    private static double maxDiff(ComputationGraph a, ComputationGraph b) {
        return a.params().sub(b.params()).amaxNumber().doubleValue();
    }

    @Test
    void fitUnfreezeAndFitAgainOnADataSetEqualTheTrainerPath() {
        DataSet train = images(24, 1);
        DataSet val = images(8, 2);
        TransferModel viaLearner = model();
        Learner learner = Learner.of(viaLearner, LearnerData.of(train, val, null)).settings(LearnerTest::settings);
        learner.fit(2);
        viaLearner.unfreezeAll();
        learner.fit(1);

        TransferModel viaTrainer = model();
        new Trainer(viaTrainer.graph(), settings(TrainingConfig.builder(2)).build()).fit(train, val);
        viaTrainer.unfreezeAll();
        new Trainer(viaTrainer.graph(), settings(TrainingConfig.builder(1)).build()).fit(train, val);

        assertTrue(maxDiff(viaLearner.graph(), viaTrainer.graph()) < 1e-6, "learner vs trainer " + maxDiff(viaLearner.graph(), viaTrainer.graph()));
        assertTrue(maxDiff(viaLearner.graph(), model().graph()) > 1e-3, "and both trained");
    }

    @Test
    void aMultiDataSetIteratorTrainsLikeTheSameBatchesAsADataSetIterator() {
        DataSet train = images(24, 1);
        TransferModel viaIterator = model();
        Learner.of(viaIterator, LearnerData.of(new ListDataSetIterator<>(train.asList(), 4), null, null, false))
                .settings(LearnerTest::settings).fit(2);
        TransferModel viaMulti = model();
        var multi = new MultiDataSetIteratorAdapter(new ListDataSetIterator<>(train.asList(), 4));
        Learner.of(viaMulti, LearnerData.of(DataSource.of(multi), null, null, false)).settings(LearnerTest::settings).fit(2);
        assertTrue(maxDiff(viaIterator.graph(), viaMulti.graph()) < 1e-6, "multi vs single " + maxDiff(viaIterator.graph(), viaMulti.graph()));
        assertTrue(maxDiff(viaMulti.graph(), model().graph()) > 1e-3, "and trained");
    }

    @Test
    void fitOnAnAugmentedImageFolderEqualsTheTrainerPathAndEvaluatesAndPredicts() throws Exception {
        Path root = TwoColourFolder.write(dir.resolve("imgs"), 10);
        TransferModel viaLearner = model();
        Learner learner = Learner.of(viaLearner, LearnerData.of(load(root))).settings(LearnerTest::settings);
        TrainingResult r = learner.fit(2);
        assertFalse(r.cachedFeatures(), "augmented input is never cached");

        TransferModel viaTrainer = model();
        ImageFolderData data = load(root);
        new Trainer(viaTrainer.graph(), settings(TrainingConfig.builder(2)).augmentedInput(true).build()).fit(data.train(), data.validation());
        assertTrue(maxDiff(viaLearner.graph(), viaTrainer.graph()) < 1e-6, "learner vs trainer " + maxDiff(viaLearner.graph(), viaTrainer.graph()));

        EvaluationReport test = learner.evaluate(Split.TEST);
        assertEquals(load(root).split().test().size(), test.count());
        Path image = load(root).split().test().get(0).path();
        assertEquals(2, learner.predict(image, 2).size());
        Path file = dir.resolve("m.zip");
        learner.save(file);
        assertEquals(viaLearner.labels(), TransferModel.load(file).labels());
    }

    @Test
    void lrFindAndFineTuneRunOnIterators() throws Exception {
        Path root = TwoColourFolder.write(dir.resolve("imgs"), 10);
        TransferModel m = model();
        Learner learner = Learner.of(m, LearnerData.of(load(root))).settings(LearnerTest::settings);
        float[] before = m.graph().params().toFloatVector();
        LrFinderResult sweep = learner.lrFind(LrFinder.builder().steps(12).batchSize(4));
        assertTrue(sweep.learningRates().length >= 5, "the sweep ran over the iterator's batches (reset when exhausted)");
        assertTrue(java.util.Arrays.equals(before, m.graph().params().toFloatVector()), "lrFind leaves the model alone");

        FineTune.Result r = learner.fineTune(FineTune.builder(1, 1).lr(1e-2).build());
        assertEquals(1, r.head().epochs());
        assertEquals(1, r.unfrozen().epochs());
        assertTrue(m.frozenLayers().isEmpty());
        assertEquals(0.01, m.lrMultiplier("conv1"), 1e-12, "discriminative rates in phase two");
    }

    @Test
    void aTrainerHoldingAGraphReplacedBySurgeryFailsAtOnce() {
        TransferModel m = model();
        Trainer stale = new Trainer(m.graph(), settings(TrainingConfig.builder(1)).build());
        m.unfreezeFrom("dense1");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> stale.fit(images(8, 1), null));
        assertTrue(e.getMessage().contains("unfreezeFrom") && e.getMessage().contains("stale"), e.getMessage());
    }

    @Test
    void aUserCallbackStopsTrainingAndAnotherLogsEveryEpoch() throws Exception {
        Path log = dir.resolve("history.csv");
        int[] batches = {0};
        Learner learner = Learner.of(model(), LearnerData.of(images(24, 1), images(8, 2), null)).settings(LearnerTest::settings)
                .callback(new MetricsLog(log))
                .callback(new Callback() {
                    @Override
                    public void onBatchEnd(TrainingRun run, BatchStats b) {
                        batches[0]++;
                    }

                    @Override
                    public void onEpochEnd(TrainingRun run, EpochStats s) {
                        if (s.epoch() == 2) {
                            run.stop("enough");
                        }
                    }
                });
        TrainingResult r = learner.fit(10);
        assertEquals(2, r.epochs(), "stopped after epoch 2");
        assertTrue(r.stoppedEarly());
        assertEquals(12, batches[0], "6 batches of 4 per epoch");
        List<String> lines = Files.readAllLines(log);
        assertEquals(3, lines.size(), lines.toString());
        assertEquals("epoch,train_loss,train_accuracy,val_loss,val_accuracy,lr,seconds,examples", lines.get(0));
        assertTrue(lines.get(2).startsWith("2,") && lines.get(2).endsWith(",24"), lines.get(2));
    }

    @Test
    void aCrashedRunResumesThroughTheLearnerToTheUninterruptedResult() {
        DataSet train = images(24, 1);
        DataSet val = images(8, 2);
        Path cp = dir.resolve("cp");
        Learner first = Learner.of(model(), LearnerData.of(train, val, null)).settings(LearnerTest::settings).checkpointDir(cp)
                .callback(new Callback() {
                    @Override
                    public void onEpochBegin(TrainingRun run, int epoch) {
                        if (epoch == 3) {
                            throw new IllegalStateException("killed");
                        }
                    }
                });
        assertThrows(IllegalStateException.class, () -> first.fit(4));

        TransferModel resumedModel = model();
        TrainingResult resumed = Learner.of(resumedModel, LearnerData.of(train, val, null)).settings(LearnerTest::settings)
                .checkpointDir(cp).fit(4);
        assertEquals(4, resumed.epochs());
        assertNotNull(resumed.history().get(0), "the first two epochs come from the checkpoint");

        TransferModel straight = model();
        Learner.of(straight, LearnerData.of(train, val, null)).settings(LearnerTest::settings).fit(4);
        assertTrue(maxDiff(straight.graph(), resumedModel.graph()) < 1e-6, "resumed vs uninterrupted " + maxDiff(straight.graph(), resumedModel.graph()));
    }

    private static ImageFolderData load(Path root) {
        return ImageFolder.of(root).inputSize(12, 12, 3).split(0.6, 0.2, 0.2).seed(5).augment(Augment.standard()).batchSize(4).load();
    }


    /** Preprocessed 12x12 images with two classes. */
    private static DataSet images(int n, long seed) {
        DataSet d = Nets.randomData(seed, n, 2);
        org.nd4j.linalg.api.ndarray.INDArray x = org.nd4j.linalg.factory.Nd4j.rand(new int[] {n, 3, 12, 12});
        for (int i = 0; i < n; i++) {
            x.get(org.nd4j.linalg.indexing.NDArrayIndex.point(i), org.nd4j.linalg.indexing.NDArrayIndex.point(i % 2)).addi(1);
        }
        return new DataSet(x, d.getLabels());
    }
}
