package io.transfer4j.zoo.weights;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The public lock that other downloads (Fashion-MNIST) share with the weight cache. */
class CacheLockTest {
    @TempDir
    Path dir;

    @Test
    void aNestedAcquireInTheSameThreadKeepsTheOsLockUntilTheOuterClose() throws Exception {
        Path file = dir.resolve("x.lock");
        CountDownLatch otherWaits = new CountDownLatch(1);
        DownloadListener noticesWaiting = new DownloadListener() {
            @Override
            public void note(String message) {
                otherWaits.countDown();
            }
        };
        FutureTask<Boolean> other = new FutureTask<>(() -> {
            try (CacheLock l = CacheLock.acquire(file, noticesWaiting)) {
                return true;
            }
        });
        try (CacheLock outer = CacheLock.acquire(file, DownloadListener.none())) {
            // Before the fix a nested acquire threw OverlappingFileLockException (one process, one file lock).
            try (CacheLock inner = CacheLock.acquire(file, DownloadListener.none())) {
                assertTrue(osLocked(file), "held while nested");
            }
            assertTrue(osLocked(file), "the inner close must not release the outer hold");
            new Thread(other, "other-locker").start();
            assertTrue(otherWaits.await(10, TimeUnit.SECONDS), "another thread has to wait meanwhile");
            assertFalse(other.isDone());
        }
        assertTrue(other.get(10, TimeUnit.SECONDS), "the other thread gets the lock once the outer hold ends");
        assertFalse(osLocked(file), "and everything is released after it");
    }

    /** Whether this process holds an OS lock on the file: a second lock then overlaps. */
    private static boolean osLocked(Path file) throws Exception {
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
            FileLock l = c.tryLock();
            l.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        }
    }
}
