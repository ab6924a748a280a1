package io.transfer4j.zoo.weights;

import java.io.IOException;
import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes a response body into a {@code .part} file from a given offset, records when bytes last arrived
 * (for the idle time-out) and can be aborted from another thread. Pushing bytes to the file as they come,
 * instead of reading an InputStream, is what lets the caller stop a stalled transfer: a blocked
 * {@code InputStream.read} cannot be timed out.
 */
final class PartFileSubscriber implements BodySubscriber<Long> {

    /** Writing to the local disk failed: not a network fault, so not worth retrying. */
    static final class WriteFailure extends IOException {
        WriteFailure(Path file, IOException cause) {
            super("cannot write " + file + ": " + cause.getMessage(), cause);
        }
    }

    private final Path part;
    private final FileChannel channel;
    private final AtomicLong lastActivity;
    private final DownloadListener listener;
    private final CompletableFuture<Long> result = new CompletableFuture<>();
    private Flow.Subscription subscription;
    private long size;
    private boolean closed;

    PartFileSubscriber(Path part, long offset, AtomicLong lastActivity, DownloadListener listener) throws WriteFailure {
        this.part = part;
        this.lastActivity = lastActivity;
        this.listener = listener;
        try {
            channel = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            // Drop anything beyond the offset (a server that ignored Range restarts at 0).
            channel.truncate(offset);
            channel.position(offset);
        } catch (IOException e) {
            throw new WriteFailure(part, e);
        }
        size = offset;
    }

    @Override
    public CompletionStage<Long> getBody() {
        return result;
    }

    @Override
    public synchronized void onSubscribe(Flow.Subscription s) {
        if (closed) {
            s.cancel();
            return;
        }
        subscription = s;
        s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        long now;
        synchronized (this) {
            if (closed) {
                return;
            }
            try {
                for (ByteBuffer b : items) {
                    while (b.hasRemaining()) {
                        size += channel.write(b);
                    }
                }
            } catch (IOException e) {
                fail(new WriteFailure(part, e));
                return;
            }
            now = size;
            lastActivity.set(System.nanoTime());
        }
        listener.progress(now);
        subscription.request(1);
    }

    @Override
    public void onError(Throwable t) {
        fail(t);
    }

    @Override
    public void onComplete() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            try {
                // On disk before the caller hashes and renames it: a crash after the rename must not
                // leave a file whose tail only lived in the page cache.
                channel.force(true);
                channel.close();
            } catch (IOException e) {
                result.completeExceptionally(new WriteFailure(part, e));
                return;
            }
        }
        result.complete(size);
    }

    /** Stops receiving, closes the file and fails the body with {@code reason}; harmless if already done. */
    void abort(Throwable reason) {
        fail(reason);
    }

    private void fail(Throwable t) {
        Flow.Subscription s;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            s = subscription;
            try {
                channel.close();
            } catch (IOException ignored) {
                // The failure being reported matters more than a close error.
            }
        }
        if (s != null) {
            s.cancel();
        }
        result.completeExceptionally(t);
    }
}
