package io.transfer4j.transfer.train;

import io.transfer4j.transfer.io.ConsoleOutput;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console view of a run: a progress bar per epoch (examples done, rate, ETA, running loss and accuracy)
 * and the one-line epoch summary printed after it; without the bar the summary goes to the log.
 * {@code TrainingConfig.progressBar(boolean)} chooses; the Trainer always adds one. How it shows is
 * {@link ConsoleOutput}'s choice: the bar only on a terminal; elsewhere the summary line alone (or a JSON event,
 * or nothing when quiet), so logs get no carriage-return frames.
 */
public final class ConsoleProgress implements Callback {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleProgress.class);
    private final boolean bar;
    private ProgressBar current;

    /** {@code bar}: draw the bar and print summaries to stdout; false: summaries to the log only. */
    public ConsoleProgress(boolean bar) {
        this.bar = bar;
    }

    @Override
    public void onEpochBegin(TrainingRun run, int epoch) {
        if (bar && ConsoleOutput.bars()) {
            current = new ProgressBarBuilder()
                    .setTaskName(String.format(Locale.ROOT, "epoch %d/%d", epoch, run.config().epochs()))
                    .setInitialMax(run.epochExamples() > 0 ? run.epochExamples() : -1)
                    .setStyle(ProgressBarStyle.ASCII)
                    .setUnit(" ex", 1)
                    .showSpeed()
                    .setUpdateIntervalMillis(250)
                    .build();
        }
    }

    @Override
    public void onBatchEnd(TrainingRun run, BatchStats b) {
        if (current != null) {
            current.stepBy(b.examples());
            current.setExtraMessage(Double.isNaN(b.epochAccuracy())
                    ? String.format(Locale.ROOT, "loss %.4f", b.epochLoss())
                    : String.format(Locale.ROOT, "loss %.4f acc %.3f", b.epochLoss(), b.epochAccuracy()));
        }
    }

    @Override
    public void onEpochEnd(TrainingRun run, EpochStats stats) {
        close();
        if (bar) {
            ConsoleOutput.event("epoch", stats.fields(), System.out, stats.summary());   // a line, a JSON object or nothing
        } else {
            LOG.info(stats.summary());
        }
    }

    @Override
    public void onTrainEnd(TrainingRun run) {
        close();
        if (run.stopReason() != null) {
            LOG.info(run.stopReason());
        }
    }

    private void close() {
        if (current != null) {
            current.close();
            current = null;
        }
    }
}
