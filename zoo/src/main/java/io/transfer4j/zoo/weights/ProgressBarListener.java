package io.transfer4j.zoo.weights;

import io.transfer4j.transfer.io.ConsoleOutput;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows downloads as {@link ConsoleOutput} says: on a terminal me.tongfei's progress bar (megabytes so far, rate
 * and ETA); elsewhere one line (or JSON object) per {@value ConsoleOutput#DOWNLOAD_STEP_PERCENT}% of the file
 * (every {@value #UNKNOWN_SIZE_STEP_MB} MB when its size is unknown); nothing when quiet.
 */
final class ProgressBarListener implements DownloadListener {
    static final int UNKNOWN_SIZE_STEP_MB = 10;
    private final PrintStream out;
    private ProgressBar bar;
    private String fileName;
    private long total;
    private long nextReport;
    private long startBytes;
    private long startNanos;

    ProgressBarListener(PrintStream out) {
        this.out = out;
    }

    @Override
    public synchronized void started(URI url, String fileName, long offset, long total) {
        close();
        ConsoleOutput.event("download_started", Map.of("url", url.toString(), "file", fileName, "offset", offset, "total", total), out,
                (offset > 0 ? "Resuming " : "Downloading ") + url + (offset > 0 ? " from byte " + offset : ""));
        this.fileName = fileName;
        this.total = total;
        this.startBytes = Math.max(offset, 0);
        this.startNanos = System.nanoTime();
        this.nextReport = startBytes + step();
        if (ConsoleOutput.bars()) {
            // startsFrom keeps rate and ETA honest on resume: bytes from an earlier run are not "fast".
            bar = new ProgressBarBuilder().setTaskName(fileName).setInitialMax(total).setUnit("MB", 1 << 20)
                    .showSpeed().setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500)
                    .setConsumer(new ConsoleProgressBarConsumer(out)).startsFrom(startBytes, Duration.ZERO).build();
        }
    }

    @Override
    public synchronized void progress(long bytes) {
        if (bar != null) {
            bar.stepTo(bytes);
        } else if (fileName != null && (bytes >= nextReport || (total > 0 && bytes >= total))) {
            report(bytes);
            nextReport = total > 0 && bytes >= total ? Long.MAX_VALUE : bytes - bytes % step() + step();
        }
    }

    /** One progress line: percent (when the size is known), megabytes and the rate of this attempt. */
    private void report(long bytes) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        double mbPerSecond = seconds > 0 ? (bytes - startBytes) / 1048576.0 / seconds : Double.NaN;
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("file", fileName);
        fields.put("bytes", bytes);
        fields.put("total", total);
        fields.put("mb_per_s", mbPerSecond);
        String size = total > 0
                ? String.format(Locale.ROOT, "%3d%% (%.1f of %.1f MB)", bytes * 100 / total, bytes / 1048576.0, total / 1048576.0)
                : String.format(Locale.ROOT, "%.1f MB", bytes / 1048576.0);
        ConsoleOutput.event("download", fields, out, String.format(Locale.ROOT, "%s: %s, %.1f MB/s", fileName, size, mbPerSecond));
    }

    /** Bytes between two reports without a bar. */
    private long step() {
        return total > 0 ? Math.max(1, total * ConsoleOutput.DOWNLOAD_STEP_PERCENT / 100) : UNKNOWN_SIZE_STEP_MB * 1048576L;
    }

    @Override
    public synchronized void retrying(int failedAttempts, Duration wait, String reason) {
        close();
        ConsoleOutput.event("download_retry", Map.of("attempt", failedAttempts, "wait_ms", wait.toMillis(), "reason", reason), out,
                "Download attempt " + failedAttempts + " failed (" + reason + "); retrying in " + wait.toMillis() + " ms");
    }

    @Override
    public synchronized void note(String message) {
        ConsoleOutput.event("note", Map.of("message", message), out, message);
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
        fileName = null;
    }
}
