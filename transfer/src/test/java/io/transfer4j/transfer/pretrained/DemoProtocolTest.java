package io.transfer4j.transfer.pretrained;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.transfer4j.transfer.Learner;
import io.transfer4j.transfer.LearnerData.Split;
import io.transfer4j.transfer.data.FashionMnist;
import io.transfer4j.transfer.data.LabeledImages;
import io.transfer4j.transfer.train.TrainingResult;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Issue 21: what {@code ./transfer4j demo} prints on a machine without the full dataset holds. The demo's
 * protocol ({@link FewShotRecipe#DEMO_SHOTS} images per class of classes 5-9, epochs of both models chosen on
 * {@link FewShotRecipe#VALIDATION_PER_CLASS} held-out training images per class with early stopping) on the
 * embedded subset, 3 seeds, all 500 of its test images of those classes: transfer must lead scratch by 2 points
 * on average. It runs the demo's code path: {@link FewShotRecipe}'s two learners, fit, evaluate on the test split.
 */
class DemoProtocolTest {
    static final long[] SEEDS = {1, 2, 3};

    @Test
    void onTheEmbeddedSubsetTransferLeadsScratchByTwoPoints() {
        FashionMnist fm = FashionMnist.embedded();
        int[] classes = {5, 6, 7, 8, 9};
        LabeledImages train = fm.train().filterClasses(classes).scaled(1 / 255.0);
        LabeledImages test = fm.test().filterClasses(classes).scaled(1 / 255.0);
        int shots = FewShotRecipe.DEMO_SHOTS;
        double margin = 0;
        for (long seed : SEEDS) {
            LabeledImages few = train.sample(shots, seed);
            LabeledImages validation = FewShotRecipe.validation(train, shots, FewShotRecipe.VALIDATION_PER_CLASS, seed);
            Learner transferLearner = FewShotRecipe.transfer(PretrainedFashionCnn.loadModel(), few, validation, test, seed);
            TrainingResult transfer = transferLearner.fit(FewShotRecipe.HEAD_EPOCHS);
            Learner scratchLearner = FewShotRecipe.scratch(few, validation, test, seed);
            TrainingResult scratch = scratchLearner.fit(FewShotRecipe.SCRATCH_EPOCHS);
            double t = transferLearner.evaluate(Split.TEST).accuracy();
            double s = scratchLearner.evaluate(Split.TEST).accuracy();
            System.out.printf(Locale.ROOT, "demo protocol, embedded, seed %d: transfer %.4f (epoch %d), scratch %.4f (epoch %d)%n",
                    seed, t, transfer.bestEpoch(), s, scratch.bestEpoch());
            margin += (t - s) / SEEDS.length;
        }
        assertTrue(margin >= 0.02, "transfer leads scratch by " + margin + " on average, not 2 points");
    }
}
