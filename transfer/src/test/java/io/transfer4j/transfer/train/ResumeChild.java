package io.transfer4j.transfer.train;

import java.nio.file.Path;

/**
 * The training process {@link KillAndResumeTest} starts and kills: trains {@link TestNets#frozenTrunk} with
 * a checkpoint after every epoch, slowed down so the kill lands in the middle of an epoch.
 */
public final class ResumeChild {
    static final int EPOCHS = 6;

    private ResumeChild() {
    }

    static TrainingConfig config(Path dir, long sleepMillis) {
        return TrainingConfig.builder(EPOCHS).batchSize(8).seed(5).checkpointDir(dir).schedule(LrSchedules.inverseTime(1e-2, 0.5))
                .featureCaching(FeatureCaching.OFF).progressBar(false)
                .callback(new Callback() {
                    @Override
                    public void onBatchEnd(TrainingRun run, BatchStats batch) {
                        if (sleepMillis > 0) {
                            try {
                                Thread.sleep(sleepMillis);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        }
                    }
                }).build();
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        new Trainer(TestNets.frozenTrunk(21), config(dir, 100)).fit(TestNets.blobs(160, 1), TestNets.blobs(40, 2));
    }
}
