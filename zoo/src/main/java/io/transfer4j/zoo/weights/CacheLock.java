package io.transfer4j.zoo.weights;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Exclusive right to write one cache entry, across threads and processes: an in-JVM lock (file locks are
 * held per process, so two threads would otherwise collide) plus an OS file lock on {@code <file>.lock}.
 * The OS drops the file lock when a process dies, so a killed download never blocks the next run. The
 * lock file itself is left in place: deleting it would let two processes lock two different files.
 */
final class CacheLock implements AutoCloseable {
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final ReentrantLock local;
    private final FileChannel channel;
    private final FileLock lock;

    private CacheLock(ReentrantLock local, FileChannel channel, FileLock lock) {
        this.local = local;
        this.channel = channel;
        this.lock = lock;
    }

    static CacheLock acquire(Path lockFile, DownloadListener listener) {
        ReentrantLock local = IN_PROCESS.computeIfAbsent(lockFile.toAbsolutePath().normalize(), k -> new ReentrantLock());
        if (!local.tryLock()) {
            listener.note("Waiting for another thread writing " + lockFile.getParent());
            try {
                local.lockInterruptibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new WeightsException("interrupted while waiting for the cache lock " + lockFile, e);
            }
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                listener.note("Waiting for another process downloading into " + lockFile.getParent() + " (lock " + lockFile.getFileName() + ")");
                lock = channel.lock();
            }
            return new CacheLock(local, channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            local.unlock();
            throw new WeightsException("cannot lock " + lockFile + ": " + e.getMessage()
                    + " (the cache directory must be writable; set transfer4j.home / TRANSFER4J_HOME)", e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // Closing the channel below releases it as well.
        } finally {
            closeQuietly(channel);
            local.unlock();
        }
    }

    private static void closeQuietly(FileChannel c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // Nothing useful to do: the OS releases the lock with the descriptor.
            }
        }
    }
}
