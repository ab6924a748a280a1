package io.transfer4j.zoo.weights;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodySubscribers;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLHandshakeException;

/**
 * One request/response of a {@link Downloader} attempt, with the idle watchdog: the body streams into the
 * {@code .part} file from {@code offset}; no data for the idle time-out ends the attempt as retryable.
 */
final class DownloadExchange {
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes\\s+(\\d+)-(\\d+)/(\\d+|\\*)");
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final HttpClient client;
    private final DownloadOptions options;
    private final MirrorCredentials credentials;
    private final URI uri;
    private final Path part;
    private final long offset;
    private final String fileName;
    private final DownloadListener listener;
    private final AtomicLong lastActivity = new AtomicLong(System.nanoTime());
    private final AtomicReference<PartFileSubscriber> subscriber = new AtomicReference<>();
    private volatile String badRange;
    private boolean ended;

    /** The Content-Range a 206 answer had instead of the requested one, or null. */
    String badRange() {
        return badRange;
    }

    DownloadExchange(HttpClient client, DownloadOptions options, MirrorCredentials credentials, URI uri, Path part, long offset,
                     String fileName, DownloadListener listener) {
        this.client = client;
        this.options = options;
        this.credentials = credentials;
        this.uri = uri;
        this.part = part;
        this.offset = offset;
        this.fileName = fileName;
        this.listener = listener;
    }

    /** Sends the request and waits, bounded by the idle time-out; a 200/206 body is in the .part file. */
    HttpResponse<Long> run() throws RetryableFailure {
        HttpRequest.Builder rb = HttpRequest.newBuilder(uri).GET()
                .header("User-Agent", "transfer4j");
        if (offset > 0) {
            rb.header("Range", "bytes=" + offset + "-");
        }
        credentials.authorization(uri).ifPresent(a -> rb.header("Authorization", a));
        CompletableFuture<HttpResponse<Long>> f = client.sendAsync(rb.build(), handler());
        long idle = options.idleTimeout().toNanos();
        try {
            while (true) {
                try {
                    return f.get(POLL_NANOS, TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    if (System.nanoTime() - lastActivity.get() > idle) {
                        IOException stall = new IOException("no data from " + uri + " for " + options.idleTimeout().toMillis()
                                + " ms (idle time-out; raise it with transfer4j.download.idleTimeout)");
                        f.cancel(true);
                        throw new RetryableFailure(uri, -1, stall.getMessage(), stall);
                    }
                } catch (ExecutionException e) {
                    throw classify(e.getCause());
                } catch (InterruptedException e) {
                    f.cancel(true);
                    Thread.currentThread().interrupt();
                    throw new DownloadException("download of " + uri + " was interrupted; the partial file is kept for resuming", uri, -1, e);
                }
            }
        } finally {
            PartFileSubscriber s;
            synchronized (this) {
                ended = true;       // a handler running late (headers after a time-out) must not open the .part
                s = subscriber.get();
            }
            if (s != null) {
                // Closes the .part before the next attempt opens it; no-op after a normal completion.
                s.abort(new IOException("attempt ended"));
            }
            listener.stopped();
        }
    }

    // No HttpRequest.timeout: the watchdog above bounds the wait for headers and for each body chunk alike.
    private BodyHandler<Long> handler() {
        return info -> {
            int status = info.statusCode();
            lastActivity.set(System.nanoTime());
            if (status != 200 && status != 206) {
                return BodySubscribers.replacing(-1L);
            }
            long start = 0;
            long total = info.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (status == 206) {
                Matcher m = CONTENT_RANGE.matcher(info.headers().firstValue("Content-Range").orElse(""));
                if (!m.matches() || Long.parseLong(m.group(1)) != offset) {
                    badRange = "Content-Range '" + info.headers().firstValue("Content-Range").orElse("(none)") + "'";
                    return BodySubscribers.replacing(-1L);
                }
                start = offset;
                total = m.group(3).equals("*") ? -1 : Long.parseLong(m.group(3));
            } else if (offset > 0) {
                listener.note("The server ignored the Range request; downloading " + fileName + " from the start");
            }
            synchronized (this) {
                if (ended) {
                    return BodySubscribers.replacing(-1L);
                }
                try {
                    PartFileSubscriber s = new PartFileSubscriber(part, start, lastActivity, listener);
                    subscriber.set(s);
                    listener.started(uri, fileName, start, total);
                    return s;
                } catch (PartFileSubscriber.WriteFailure e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }

    private RuntimeException classify(Throwable cause) throws RetryableFailure {
        if (cause instanceof UncheckedIOException u) {
            cause = u.getCause();
        }
        if (cause instanceof PartFileSubscriber.WriteFailure w) {
            return new WeightsException(w.getMessage() + " (is the disk full? the cache lives under transfer4j.home / TRANSFER4J_HOME)", w);
        }
        if (cause instanceof SSLHandshakeException) {
            return new DownloadException("TLS handshake with " + uri.getHost() + " failed: " + cause.getMessage()
                    + " (a proxy intercepting HTTPS? configure a mirror or import the file)", uri, -1, cause);
        }
        if (cause instanceof IOException) {
            String what = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getClass().getSimpleName() + ": " + cause.getMessage();
            throw new RetryableFailure(uri, -1, what + " (" + uri + ")", cause);
        }
        return new DownloadException("download of " + uri + " failed: " + cause, uri, -1, cause);
    }
}
