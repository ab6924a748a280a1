package io.transfer4j.zoo.weights;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Exclusive right to write one cache entry, across threads and processes: an in-JVM lock (file locks are
 * held per process, so two threads would otherwise collide) plus an OS file lock on a lock file
 * ({@link ModelCache} uses {@code <file>.lock}; a downloader of several files may lock their directory).
 * The OS drops the file lock when a process dies, so a killed download never blocks the next run. The
 * lock file itself is left in place: deleting it would let two processes lock two different files.
 *
 * <p>Whoever acquires the lock must check again whether the entry is already there: the previous holder
 * may have just finished it. A thread that already holds the lock may acquire it again (nested); only the
 * outermost hold takes the OS lock, since a process cannot lock the same file twice.
 *
 * <pre>{@code
 * try (CacheLock lock = CacheLock.acquire(dir.resolve("download.lock"), listener)) {
 *     if (!Files.exists(dir.resolve("data.gz"))) {     // another process may have fetched it meanwhile
 *         downloader.fetch(url, dir.resolve("data.gz"), HashAlgorithm.MD5, md5, listener);
 *     }
 * }
 * }</pre>
 */
public final class CacheLock implements AutoCloseable {
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final ReentrantLock local;
    private final FileChannel channel;
    private final FileLock lock;

    private CacheLock(ReentrantLock local, FileChannel channel, FileLock lock) {
        this.local = local;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Blocks until this thread holds the lock on {@code lockFile} (created if missing; its directory must
     * exist), telling {@code listener} when it has to wait for another thread or process.
     *
     * @throws WeightsException when the lock file cannot be created or locked, or the wait is interrupted
     */
    public static CacheLock acquire(Path lockFile, DownloadListener listener) {
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
        if (local.getHoldCount() > 1) {
            return new CacheLock(local, null, null);    // nested: the outer hold owns the OS lock
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
        } catch (OverlappingFileLockException e) {
            // Only possible when one file is reached through two different paths (a symbolic link).
            closeQuietly(channel);
            local.unlock();
            throw new WeightsException("cannot lock " + lockFile + ": this process already locks the same file under another path"
                    + " (a symbolic link?); use one path for the cache", e);
        }
    }

    @Override
    public void close() {
        if (lock == null) {
            local.unlock();
            return;
        }
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
