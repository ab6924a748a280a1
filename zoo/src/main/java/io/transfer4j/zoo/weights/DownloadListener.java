package io.transfer4j.zoo.weights;

import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;

/**
 * Hears how a download goes: a progress bar, a log, or a test recording events.
 *
 * <pre>{@code
 * new ModelCache(CacheSettings.fromEnvironment(), DownloadListener.progressBar(System.err));
 * }</pre>
 */
public interface DownloadListener {

    /** An attempt receives its body: bytes are written from {@code offset} on; {@code total} is -1 when unknown. */
    default void started(URI url, String fileName, long offset, long total) {
    }

    /** {@code bytes} of the file are now on disk (including those from earlier attempts). */
    default void progress(long bytes) {
    }

    /** The attempt failed and another follows after {@code wait}. */
    default void retrying(int failedAttempts, Duration wait, String reason) {
    }

    /** Something the user should know that is not an error (a corrupt cached file replaced, a wait for a lock). */
    default void note(String message) {
    }

    /** The attempt stopped receiving (finished, failed or aborted). */
    default void stopped() {
    }

    /** Silence. */
    static DownloadListener none() {
        return new DownloadListener() {
        };
    }

    /** A terminal progress bar (bytes, rate, ETA) and notes printed to {@code out}. */
    static DownloadListener progressBar(PrintStream out) {
        return new ProgressBarListener(out);
    }
}
