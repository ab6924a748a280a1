package io.transfer4j.zoo.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damaged files: a corrupt or truncated cache entry is never used; a wrong download never enters the cache. */
class CorruptCacheTest {
    @TempDir
    Path home;

    private final byte[] body = Fixtures.bytes(500_000, 40);

    @Test
    void aCorruptCachedFileIsDetectedAndDownloadedAgain() throws Exception {
        try (TestServer server = new TestServer().on("w.h5", TestServer.file(body))) {
            WeightTag tag = Fixtures.tag("w.h5", server.base(), body);
            Fixtures.Recorder rec = new Fixtures.Recorder();
            ModelCache cache = Fixtures.cache(home, server.base(), rec);
            Path p = cache.resolve(tag);
            byte[] damaged = body.clone();
            damaged[250_000] ^= 1;                          // one flipped bit, same size
            Files.write(p, damaged);

            assertArrayEquals(body, Files.readAllBytes(cache.resolve(tag)));
            assertEquals(2, server.requestsTo("w.h5").size());
            assertEquals(1, rec.count("note The cached " + p + " is corrupt (md5 "), rec.events.toString());
        }
    }

    @Test
    void aTruncatedCachedFileIsDetectedEvenWithItsOldTimestamp() throws Exception {
        try (TestServer server = new TestServer().on("w.h5", TestServer.file(body))) {
            WeightTag tag = Fixtures.tag("w.h5", server.base(), body);
            ModelCache cache = Fixtures.cache(home, server.base(), DownloadListener.none());
            Path p = cache.resolve(tag);
            FileTime mtime = Files.getLastModifiedTime(p);
            Files.write(p, Arrays.copyOf(body, 300_000));
            Files.setLastModifiedTime(p, mtime);           // the size alone gives it away

            assertArrayEquals(body, Files.readAllBytes(cache.resolve(tag)));
            assertEquals(2, server.requestsTo("w.h5").size());
        }
    }

    @Test
    void aFileCopiedIntoTheCacheByHandIsVerifiedBeforeUse() throws Exception {
        try (TestServer server = new TestServer().on("w.h5", TestServer.file(body))) {
            WeightTag tag = Fixtures.tag("w.h5", server.base(), body);
            ModelCache cache = Fixtures.cache(home, server.base(), DownloadListener.none());
            Files.createDirectories(cache.expectedPath(tag).getParent());
            Files.write(cache.expectedPath(tag), body);    // right bytes, no sidecar: hashed once, then trusted

            assertEquals(cache.expectedPath(tag), cache.resolve(tag));
            assertTrue(Files.exists(VerifiedSidecar.of(cache.expectedPath(tag))));
            assertEquals(0, server.requests.size());
        }
    }

    @Test
    void aDownloadWithTheWrongHashLeavesNothingBehind() throws Exception {
        byte[] other = Fixtures.bytes(500_000, 41);
        try (TestServer server = new TestServer().on("w.h5", TestServer.file(other))) {
            WeightTag tag = Fixtures.tag("w.h5", server.base(), body);
            ModelCache cache = Fixtures.cache(home, server.base(), DownloadListener.none());
            HashMismatchException e = assertThrows(HashMismatchException.class, () -> cache.resolve(tag));

            assertEquals(tag.hash(), e.expected());
            assertEquals(Fixtures.md5(other), e.actual());
            assertTrue(e.getMessage().contains("its md5 is " + Fixtures.md5(other) + ", expected " + tag.hash()), e.getMessage());
            assertTrue(e.getMessage().contains("transfer4j zoo import test:w-h5"), e.getMessage());
            assertFalse(Files.exists(cache.expectedPath(tag)), "nothing cached");
            assertFalse(Files.exists(Downloader.partFile(cache.expectedPath(tag))), "no .part kept: its bytes are wrong");
            assertEquals(1, server.requests.size(), "a fresh download with the wrong hash is not retried");
        }
    }
}
