package io.transfer4j.transfer.train;

/**
 * A hook into the training loop, in the sense of Keras callbacks and fastai's: the {@link Trainer} only runs
 * epochs of batches, validates and fires these events; early stopping ({@link EarlyStopping}), checkpoints
 * ({@link ModelCheckpoint}), the console progress ({@link ConsoleProgress}) and metric logs ({@link MetricsLog})
 * are callbacks like any a user writes. Implement what you need; {@link TrainingRun#stop} ends the run.
 *
 * <pre>{@code
 * TrainingConfig.builder(50).callback(new Callback() {
 *     public void onEpochEnd(TrainingRun run, EpochStats s) {
 *         if (s.validationAccuracy() > 0.99) run.stop("good enough");
 *     }
 * }).build();
 * }</pre>
 *
 * Events fire in this order: built-in callbacks (early stopping, checkpoint, progress), then the user's, in the
 * order they were added. During {@code onEpochEnd} the model holds the epoch's weights (a cached head's are
 * already copied back) and {@link TrainingRun#history()} includes the epoch.
 */
public interface Callback {
    /** Before the first epoch of this {@code fit} (after a resume: before the first remaining epoch). */
    default void onTrainBegin(TrainingRun run) {
    }

    /** Before epoch {@code epoch} (1-based). */
    default void onEpochBegin(TrainingRun run, int epoch) {
    }

    /** After every optimisation step. */
    default void onBatchEnd(TrainingRun run, BatchStats batch) {
    }

    /** After every epoch and its validation. */
    default void onEpochEnd(TrainingRun run, EpochStats stats) {
    }

    /** After the last epoch, or after a stop. */
    default void onTrainEnd(TrainingRun run) {
    }
}
