package io.transfer4j.zoo.weights;

import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Shows downloads with me.tongfei's progress bar: megabytes so far, rate and ETA. */
final class ProgressBarListener implements DownloadListener {
    private final PrintStream out;
    private ProgressBar bar;

    ProgressBarListener(PrintStream out) {
        this.out = out;
    }

    @Override
    public synchronized void started(URI url, String fileName, long offset, long total) {
        close();
        out.println((offset > 0 ? "Resuming " : "Downloading ") + url + (offset > 0 ? " from byte " + offset : ""));
        // startsFrom keeps rate and ETA honest on resume: bytes from an earlier run are not "fast".
        bar = new ProgressBarBuilder().setTaskName(fileName).setInitialMax(total).setUnit("MB", 1 << 20)
                .showSpeed().setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500)
                .setConsumer(new ConsoleProgressBarConsumer(out)).startsFrom(Math.max(offset, 0), Duration.ZERO).build();
    }

    @Override
    public synchronized void progress(long bytes) {
        if (bar != null) {
            bar.stepTo(bytes);
        }
    }

    @Override
    public synchronized void retrying(int failedAttempts, Duration wait, String reason) {
        close();
        out.println("Download attempt " + failedAttempts + " failed (" + reason + "); retrying in " + wait.toMillis() + " ms");
    }

    @Override
    public synchronized void note(String message) {
        out.println(message);
    }

    @Override
    public synchronized void stopped() {
        close();
    }

    private void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
