package io.transfer4j.transfer.train;

/**
 * Callbacks from the {@link Trainer}; implement what you need.
 *
 * <pre>{@code
 * TrainingConfig.builder(10).listener(new TrainerListener() {
 *     public void onEpochEnd(EpochStats s) { log.info(s.summary()); }
 * }).build();
 * }</pre>
 */
public interface TrainerListener {
    /** After every optimisation step; {@code iteration} counts over the whole run. */
    default void onBatchEnd(int epoch, int iteration, double loss) {
    }

    /** After every epoch (and its validation and checkpoint). */
    default void onEpochEnd(EpochStats stats) {
    }
}
