package io.transfer4j.samples.demo;

import java.nio.file.Path;

/**
 * Settings of {@link FashionTransferDemo}; {@link #defaults()} is what {@code ./transfer4j demo} runs.
 *
 * @param shots          labelled images per new class
 * @param seed           seed for sampling, initialisation and data order
 * @param headEpochs     epochs of head training on the frozen trunk
 * @param scratchEpochs  epochs for the from-scratch baseline (it needs more to fit the same images)
 * @param testLimit      evaluate on at most this many test images (0 = all 5,000)
 * @param pretrain       pretrain the trunk here instead of using the cached/shipped weights
 * @param pretrainEpochs epochs of that pretraining
 * @param dataDir        Fashion-MNIST directory, or null to search the usual places
 * @param outDir         report folder
 * @param progressBars   show per-epoch progress bars
 */
public record DemoOptions(int shots, long seed, int headEpochs, int scratchEpochs, int testLimit, boolean pretrain,
                          int pretrainEpochs, Path dataDir, Path outDir, boolean progressBars) {
    public DemoOptions {
        if (shots < 1) {
            throw new IllegalArgumentException("--shots must be >= 1, got " + shots);
        }
        if (headEpochs < 1 || scratchEpochs < 1 || pretrainEpochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1");
        }
    }

    public static DemoOptions defaults() {
        return new DemoOptions(5, 1, 40, 60, 0, false, 1, null, Path.of("reports", "demo"), true);
    }
}
