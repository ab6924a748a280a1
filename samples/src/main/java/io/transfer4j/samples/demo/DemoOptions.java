package io.transfer4j.samples.demo;

import io.transfer4j.transfer.pretrained.FewShotRecipe;
import java.nio.file.Path;

/**
 * Settings of {@link FashionTransferDemo}; {@link #defaults()} is what {@code ./transfer4j demo} runs.
 *
 * @param shots              labelled images per new class
 * @param seed               seed for sampling, initialisation and data order
 * @param headEpochs         most epochs of head training on the frozen trunk (early stopping picks the best)
 * @param scratchEpochs      most epochs for the from-scratch baseline (it needs more to fit the same images)
 * @param validationPerClass training images per class held out of the few to choose the epochs on
 * @param testLimit          evaluate on at most this many test images (0 = all)
 * @param pretrain           pretrain the trunk here instead of using the cached/shipped weights
 * @param pretrainEpochs     epochs of that pretraining
 * @param dataDir            Fashion-MNIST directory, or null to search the usual places
 * @param embedded           use the embedded subset even where the full dataset is installed
 * @param outDir             report folder
 * @param progressBars       show per-epoch progress (bars on a terminal, lines elsewhere)
 */
public record DemoOptions(int shots, long seed, int headEpochs, int scratchEpochs, int validationPerClass, int testLimit,
                          boolean pretrain, int pretrainEpochs, Path dataDir, boolean embedded, Path outDir,
                          boolean progressBars) {
    public DemoOptions {
        if (shots < 1) {
            throw new IllegalArgumentException("--shots must be >= 1, got " + shots);
        }
        if (headEpochs < 1 || scratchEpochs < 1 || pretrainEpochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1");
        }
        if (validationPerClass < 1) {
            throw new IllegalArgumentException("--validation must be >= 1 image per class (the epochs are chosen on them), got "
                    + validationPerClass);
        }
        if (embedded && dataDir != null) {
            throw new IllegalArgumentException("--embedded and --data " + dataDir + " contradict each other: give one");
        }
    }

    public static DemoOptions defaults() {
        return new DemoOptions(FewShotRecipe.DEMO_SHOTS, 1, FewShotRecipe.HEAD_EPOCHS, FewShotRecipe.SCRATCH_EPOCHS,
                FewShotRecipe.VALIDATION_PER_CLASS, 0, false, 1, null, false, Path.of("reports", "demo"), true);
    }
}
