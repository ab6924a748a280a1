package io.transfer4j.transfer.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Writes {@code <dir>/checkpoint.zip} after every epoch ({@link Checkpoint}: the model with its optimizer
 * state and the run's state, atomically), which {@link Trainer#resume} and the {@code Learner} continue from.
 * {@code TrainingConfig.checkpointDir(dir)} adds it.
 *
 * <pre>{@code TrainingConfig.builder(10).callback(new ModelCheckpoint(Path.of("runs/a"))).build();}</pre>
 */
public final class ModelCheckpoint implements Callback {
    private final Path dir;

    public ModelCheckpoint(Path dir) {
        this.dir = java.util.Objects.requireNonNull(dir, "checkpoint directory");
    }

    public Path dir() {
        return dir;
    }

    @Override
    public void onEpochEnd(TrainingRun run, EpochStats stats) {
        try {
            new Checkpoint(run.graph(), run.state()).write(dir);
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write the checkpoint in " + dir + " (the previous one is intact): " + ex.getMessage(), ex);
        }
    }
}
