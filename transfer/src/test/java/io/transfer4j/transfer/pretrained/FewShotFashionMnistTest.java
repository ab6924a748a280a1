package io.transfer4j.transfer.pretrained;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.transfer4j.transfer.Learner;
import io.transfer4j.transfer.LearnerData.Split;
import io.transfer4j.transfer.data.FashionMnist;
import io.transfer4j.transfer.data.LabeledImages;
import io.transfer4j.transfer.onnx.Engine;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Issue 7's real-data check: the shipped {@code fmnist-cnn:classes0-4} model, transferred with a frozen
 * trunk to the five classes it never saw (5-9) from 5 labelled images per class, against the same
 * architecture trained from scratch on the same 25 images. Averaged over 3 seeds, on the 5,000 test images
 * of classes 5-9, with {@link FewShotRecipe}. Both models read L2-normalised features
 * ({@link io.transfer4j.transfer.Head#normalize}): it helps scratch as much as transfer, so the scratch
 * baseline gets it too.
 *
 * <p>Measured 2026-11-22 (seeds 1 / 2 / 3, mean; seeds 1-6 mean): transfer 0.8464 / 0.8566 / 0.8390, mean
 * 0.8473 (0.8560 on seeds 1-6); scratch 0.8284 / 0.8228 / 0.8112, mean 0.8208. What got there, each measured
 * first on a validation protocol that never touches the test set ({@code fewshot_validation.py}: PyTorch,
 * queries from the training images of classes 5-9, 3 pretraining runs x 10 samples) and then here:
 * <ul>
 *   <li>the rotation pretext task in pretraining ({@link RotationPretext}): the same pretraining without it
 *       (seed 42, BN momentum 0.9) gives 0.8164 / 0.8346 with the normalised head, 0.7971 / 0.8002 with a plain
 *       one; a second rotation run (seed 7) gives 0.8453 / 0.8555, so the shipped file is not a lucky draw;</li>
 *   <li>the normalised head: +2.0 points on the validation protocol; on the earlier trunk 0.819 on seeds 1-3
 *       (no gain there) but 0.836 on seeds 1-6 (+1.2).</li>
 * </ul>
 * The scratch baseline's recipe is the best of those measured with the normalised head: Adam 1e-3 / 3e-3 /
 * 1e-2 for 60 epochs 0.8168 / 0.8208 / 0.8178, 1e-3 for 120 epochs 0.8190 (without normalisation 0.778).
 * More seeds: {@code io.transfer4j.samples.bench.FewShotSeeds} (samples) measured seeds 1-10 at transfer
 * 0.8559 ± 0.0045, scratch 0.8345 ± 0.0052, margin 0.021 ± 0.004 (standard errors): these 3 seeds' margin
 * (0.027) is on the lucky side, and one seed of the 10 (8) has no margin at all.
 * Tried and not kept (validation protocol): flip or shift augmentation of the 25 images (flips cost 5 points:
 * shoes all face left), features of several blocks concatenated, prototype (nearest-centroid) heads, mixup
 * and label smoothing in pretraining, global average pooling instead of flatten (-8 points). Earlier rounds
 * (plain pretraining): 16/32/64 and 48/96/192 trunks, 1-3 epochs, AdaBN, train_bn, 25 head recipes - none
 * above 0.825. {@code fewshot_reference.py} (transfer/src/test/python) runs the PyTorch protocol on
 * these very samples ({@link FewShotSamples}): frozen transfer 0.8025, scratch 0.8104 on seeds 1-3; with this
 * test's recipe (rotation task, normalised heads) 0.8435 and 0.8195: transfer4j is on par with PyTorch.
 */
class FewShotFashionMnistTest {
    static final int[] NEW_CLASSES = {5, 6, 7, 8, 9};
    static final int SHOTS = 5;
    static final long[] SEEDS = {1, 2, 3};
    /** Issue 7's bar: mean frozen-trunk transfer accuracy over the 3 seeds. */
    static final double MIN_TRANSFER = 0.84;

    @Test
    void frozenTrunkTransferBeatsTrainingFromScratchOnFiveImagesPerClass() {
        FashionMnist fm = FashionMnist.at(java.nio.file.Path.of("/usr/share/datasets/fashion-mnist"));
        LabeledImages train = fm.train().filterClasses(NEW_CLASSES).scaled(1 / 255.0);
        LabeledImages test = fm.test().filterClasses(NEW_CLASSES).scaled(1 / 255.0);
        double transferSum = 0;
        double scratchSum = 0;
        for (long seed : SEEDS) {
            LabeledImages few = train.sample(SHOTS, seed);
            double transfer = transfer(few, test, seed);
            double scratch = scratch(few, test, seed);
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

    /** The shipped model, new normalised 5-class head on its flatten features, everything else frozen ({@link FewShotRecipe}). */
    static double transfer(LabeledImages few, LabeledImages test, long seed) {
        return transfer(few, test, seed, Engine.Kind.AUTO);
    }

    /** The same, with the frozen trunk's features computed by {@code engine}; its accuracy on {@code test}. */
    static double transfer(LabeledImages few, LabeledImages test, long seed, Engine.Kind engine) {
        Learner learner = FewShotRecipe.transfer(PretrainedFashionCnn.loadModel(), few, null, test, seed).settings(c -> c.engine(engine));
        learner.fit(FewShotRecipe.HEAD_EPOCHS);
        return learner.evaluate(Split.TEST).accuracy();
    }

    /** The same architecture (and normalised head) from random weights, trained on the same images until it fits them. */
    static double scratch(LabeledImages few, LabeledImages test, long seed) {
        Learner learner = FewShotRecipe.scratch(few, null, test, seed);
        learner.fit(FewShotRecipe.SCRATCH_EPOCHS);
        return learner.evaluate(Split.TEST).accuracy();
    }
}
