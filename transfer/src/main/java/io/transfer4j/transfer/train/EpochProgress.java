package io.transfer4j.transfer.train;

import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** The console progress bar of one epoch: examples done, rate, ETA, running loss and accuracy. */
final class EpochProgress implements AutoCloseable {
    private final ProgressBar bar;

    EpochProgress(boolean show, int epoch, int epochs, long examples) {
        this.bar = show ? new ProgressBarBuilder()
                .setTaskName(String.format(Locale.ROOT, "epoch %d/%d", epoch, epochs))
                .setInitialMax(examples > 0 ? examples : -1)
                .setStyle(ProgressBarStyle.ASCII)
                .setUnit(" ex", 1)
                .showSpeed()
                .setUpdateIntervalMillis(250)
                .build() : null;
    }

    void step(long examples, double loss, double accuracy) {
        if (bar != null) {
            bar.stepBy(examples);
            bar.setExtraMessage(Double.isNaN(accuracy)
                    ? String.format(Locale.ROOT, "loss %.4f", loss)
                    : String.format(Locale.ROOT, "loss %.4f acc %.3f", loss, accuracy));
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
