package io.transfer4j.transfer.pretrained;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.transfer4j.dsl.Updaters;
import io.transfer4j.transfer.Head;
import io.transfer4j.transfer.TransferModel;
import io.transfer4j.transfer.data.FashionMnist;
import io.transfer4j.transfer.data.LabeledImages;
import io.transfer4j.transfer.onnx.Engine;
import io.transfer4j.transfer.train.FeatureCaching;
import io.transfer4j.transfer.train.Trainer;
import io.transfer4j.transfer.train.TrainingConfig;
import io.transfer4j.transfer.train.TrainingResult;
import java.util.Locale;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Issue 7's real-data check: the shipped {@code fmnist-cnn:classes0-4} model, transferred with a frozen
 * trunk to the five classes it never saw (5-9) from 5 labelled images per class, against the same
 * architecture trained from scratch on the same 25 images with the same optimizer. Averaged over 3 seeds,
 * on the 5,000 test images of classes 5-9.
 *
 * <p>Measured 2026-11-22 (idle machine, 94 s): transfer 0.8008, 0.8306, 0.8286 (mean 0.8200), scratch 0.7688,
 * 0.7922, 0.7730 (mean 0.7780): the 2-point margin holds (+4.2), the 0.84 does NOT. The scratch
 * baseline was 0.7338 until FashionCnn's batch-norm momentum went from Keras's 0.99 to PyTorch's 0.9: after
 * 300 steps the 0.99 running statistics were still 5% their initial 0/1 (re-estimating them after training
 * gave the same 0.776), a baseline weakened by a default, not by the protocol.
 *
 * <p>Why 0.84 is not reached, measured: {@code fewshot_reference.py} (transfer/src/test/python) runs the
 * issue's PyTorch 1.13 protocol on these very samples ({@link FewShotSamples}): frozen transfer 0.8025, or
 * 0.8146 with the trunk's BN in train mode, scratch 0.8104 - the 0.850 / 0.819 came from other
 * samples; on seeds 1-6 PyTorch gives 0.819 / 0.830 / 0.821. Tried here without reaching 0.84 (3-seed means):
 * trunks 16/32/64 (0.807), 32/64/128 pretrained 1/2/3 epochs (0.820/0.801/0.780), half an epoch (0.818), a
 * re-run of 1 epoch with another shuffle (0.779) or BN momentum 0.9 (0.797) - pretraining runs alone move
 * transfer by 4 points; heads (25 optimizer/LR/epoch recipes, best 0.821; L2-normalised features 0.819, with AdaBN 0.830);
 * AdaBN statistics from the 25 images (0.825, {@link io.transfer4j.transfer.BatchNormAdaptation}); train_bn
 * (0.824); other cut points (worse). Differences of a point or two are within the seed-to-seed spread.
 */
class FewShotFashionMnistTest {
    static final int[] NEW_CLASSES = {5, 6, 7, 8, 9};
    static final int SHOTS = 5;
    static final long[] SEEDS = {1, 2, 3};
    static final int HEAD_EPOCHS = 40;
    static final double HEAD_LR = 1e-2;   // measured best of 1e-3 / 1e-2 for the head (1e-3 leaves it undertrained)
    static final int SCRATCH_EPOCHS = 60;
    static final double SCRATCH_LR = 1e-3;
    /**
     * Issue 7 asks for 0.84 mean transfer accuracy; the shipped trunk measures 0.820 (above), so the bar
     * is NOT met and the issue stays open. This test guards what ships (any regression below 0.80 fails) and the
     * 2-point margin over scratch, which is the issue's own; raise MIN_TRANSFER to 0.84 with a better trunk.
     */
    static final double MIN_TRANSFER = 0.80;

    @Test
    void frozenTrunkTransferBeatsTrainingFromScratchOnFiveImagesPerClass() {
        FashionMnist fm = FashionMnist.at(java.nio.file.Path.of("/usr/share/datasets/fashion-mnist"));
        LabeledImages train = fm.train().filterClasses(NEW_CLASSES).scaled(1 / 255.0);
        LabeledImages test = fm.test().filterClasses(NEW_CLASSES).scaled(1 / 255.0);
        double transferSum = 0;
        double scratchSum = 0;
        for (long seed : SEEDS) {
            LabeledImages few = train.sample(SHOTS, seed);
            double transfer = accuracy(transfer(few, seed), test);
            double scratch = accuracy(scratch(few, seed), test);
            System.out.printf(Locale.ROOT, "few-shot seed %d: transfer %.4f, scratch %.4f%n", seed, transfer, scratch);
            transferSum += transfer;
            scratchSum += scratch;
        }
        double transfer = transferSum / SEEDS.length;
        double scratch = scratchSum / SEEDS.length;
        System.out.printf(Locale.ROOT, "few-shot mean over %d seeds: transfer %.4f, scratch %.4f%n", SEEDS.length, transfer, scratch);
        assertTrue(transfer >= MIN_TRANSFER, "frozen-trunk transfer accuracy " + transfer + " < " + MIN_TRANSFER);
        assertTrue(transfer - scratch >= 0.02, "transfer " + transfer + " does not beat scratch " + scratch + " by 2 points");
    }

    /** The shipped model, new 5-class head on its flatten features, everything else frozen, 40 epochs of Adam. */
    static ComputationGraph transfer(LabeledImages few, long seed) {
        return transfer(few, seed, Engine.Kind.AUTO);
    }

    /** The same, with the frozen trunk's features computed by {@code engine}. */
    static ComputationGraph transfer(LabeledImages few, long seed, Engine.Kind engine) {
        TransferModel model = PretrainedFashionCnn.loadModel()
                .newHead(Head.labels(few.classNames()).cutAt(FashionCnn.FEATURE_LAYER).seed(seed))
                .freezeAllExcept(Head.OUTPUT);
        TrainingResult r = new Trainer(model.graph(), config(HEAD_EPOCHS, HEAD_LR, seed).featureCaching(FeatureCaching.REQUIRED)
                .engine(engine).build())
                .fit(few.toDataSet(), null);
        return r.graph();
    }

    /** The same architecture from random weights, same optimizer, trained on the same images until it fits them. */
    static ComputationGraph scratch(LabeledImages few, long seed) {
        ComputationGraph g = FashionCnn.network(few.numClasses(), seed).graph();
        return new Trainer(g, config(SCRATCH_EPOCHS, SCRATCH_LR, seed).build()).fit(few.toDataSet(), null).graph();
    }

    static TrainingConfig.Builder config(int epochs, double lr, long seed) {
        return TrainingConfig.builder(epochs).batchSize(5).optimizer(Updaters.adam(lr)).seed(seed).progressBar(false);
    }

    static double accuracy(ComputationGraph g, LabeledImages test) {
        long correct = 0;
        INDArray x = test.features();
        for (int from = 0; from < test.size(); from += 500) {
            int to = Math.min(test.size(), from + 500);
            INDArray p = g.outputSingle(false, x.get(NDArrayIndex.interval(from, to)));
            INDArray predicted = p.argMax(1);
            for (int i = from; i < to; i++) {
                if (predicted.getInt(i - from) == test.labels()[i]) {
                    correct++;
                }
            }
        }
        return (double) correct / test.size();
    }
}
