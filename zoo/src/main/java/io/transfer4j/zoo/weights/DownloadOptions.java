package io.transfer4j.zoo.weights;

import java.time.Duration;

/**
 * Bounds on a download, so a dead or stalled server ends in a clear error instead of a hang.
 *
 * <pre>{@code
 * DownloadOptions o = DownloadOptions.defaults().withMaxAttempts(3).withIdleTimeout(Duration.ofSeconds(20));
 * }</pre>
 *
 * @param maxAttempts    attempts in a row that bring no new bytes before giving up (an attempt that
 *                       extends the partial file does not use up the budget: resuming is progress)
 * @param connectTimeout time allowed to open the connection
 * @param idleTimeout    longest wait for the response headers or for the next bytes of the body
 * @param initialBackoff wait before the first retry; doubled after each failed attempt
 * @param maxBackoff     ceiling of that wait
 * @param maxRedirects   redirects followed before the chain is reported as a loop
 */
public record DownloadOptions(int maxAttempts, Duration connectTimeout, Duration idleTimeout,
                              Duration initialBackoff, Duration maxBackoff, int maxRedirects) {

    public DownloadOptions {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        if (maxRedirects < 0) {
            throw new IllegalArgumentException("maxRedirects must be 0 or more, got " + maxRedirects);
        }
        for (Duration d : new Duration[] {connectTimeout, idleTimeout}) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("time-outs must be positive, got " + d);
            }
        }
        if (initialBackoff == null || initialBackoff.isNegative() || maxBackoff == null || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("backoff must be 0 <= initial <= max, got " + initialBackoff + " / " + maxBackoff);
        }
    }

    /** 5 attempts, 30 s to connect, 60 s idle, backoff 1 s doubling up to 30 s, 10 redirects. */
    public static DownloadOptions defaults() {
        return new DownloadOptions(5, Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(1), Duration.ofSeconds(30), 10);
    }

    public DownloadOptions withMaxAttempts(int n) {
        return new DownloadOptions(n, connectTimeout, idleTimeout, initialBackoff, maxBackoff, maxRedirects);
    }

    public DownloadOptions withConnectTimeout(Duration d) {
        return new DownloadOptions(maxAttempts, d, idleTimeout, initialBackoff, maxBackoff, maxRedirects);
    }

    public DownloadOptions withIdleTimeout(Duration d) {
        return new DownloadOptions(maxAttempts, connectTimeout, d, initialBackoff, maxBackoff, maxRedirects);
    }

    public DownloadOptions withBackoff(Duration initial, Duration max) {
        return new DownloadOptions(maxAttempts, connectTimeout, idleTimeout, initial, max, maxRedirects);
    }

    public DownloadOptions withMaxRedirects(int n) {
        return new DownloadOptions(maxAttempts, connectTimeout, idleTimeout, initialBackoff, maxBackoff, n);
    }
}
