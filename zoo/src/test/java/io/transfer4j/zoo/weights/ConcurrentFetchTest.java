package io.transfer4j.zoo.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two processes (or threads) fetching the same cache entry at once: one downloads, the other waits, both get a verified file. */
class ConcurrentFetchTest {
    @TempDir
    Path home;
    @TempDir
    Path logs;

    private final byte[] body = Fixtures.bytes(1 << 20, 100);

    @Test
    void twoProcessesEndWithTheSameCorrectFileFetchedOnce() throws Exception {
        // 64 chunks 20 ms apart: about 1.3 s of transfer, so the two runs overlap.
        try (TestServer server = new TestServer().on("w.h5", (ex, n) -> TestServer.send(ex, body, true, -1, 20))) {
            String md5 = Fixtures.md5(body);
            Process a = FetchChild.start(logs.resolve("a.log"), home.toString(), server.base().toString(), "w.h5", md5);
            Process b = FetchChild.start(logs.resolve("b.log"), home.toString(), server.base().toString(), "w.h5", md5);
            assertTrue(a.waitFor(60, TimeUnit.SECONDS) && b.waitFor(60, TimeUnit.SECONDS), "children finish");
            String logA = Files.readString(logs.resolve("a.log"));
            String logB = Files.readString(logs.resolve("b.log"));
            assertEquals(0, a.exitValue(), logA);
            assertEquals(0, b.exitValue(), logB);
            Path target = home.resolve("models/test/w.h5");
            assertTrue(logA.contains("RESOLVED " + target) && logB.contains("RESOLVED " + target), logA + logB);
            assertArrayEquals(body, Files.readAllBytes(target));
            assertEquals(1, server.requestsTo("w.h5").size(), "the second waited for the first instead of downloading again");
            assertTrue(Files.notExists(Downloader.partFile(target)));
        }
    }

    @Test
    void twoThreadsShareOneDownload() throws Exception {
        try (TestServer server = new TestServer().on("w.h5", (ex, n) -> TestServer.send(ex, body, true, -1, 5))) {
            WeightTag tag = Fixtures.tag("w.h5", server.base(), body);
            CompletableFuture<Path> one = CompletableFuture.supplyAsync(() -> Fixtures.cache(home, server.base(), DownloadListener.none()).resolve(tag));
            CompletableFuture<Path> two = CompletableFuture.supplyAsync(() -> Fixtures.cache(home, server.base(), DownloadListener.none()).resolve(tag));
            assertEquals(one.get(30, TimeUnit.SECONDS), two.get(30, TimeUnit.SECONDS));
            assertArrayEquals(body, Files.readAllBytes(one.get()));
            assertEquals(1, server.requestsTo("w.h5").size());
        }
    }
}
