package io.transfer4j.zoo.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stalled and slow servers: an idle time-out bounds every wait, a slow but steady transfer is left alone. */
class DownloadTimeoutTest {
    @TempDir
    Path home;

    private static final DownloadOptions OPTIONS = Fixtures.FAST.withIdleTimeout(Duration.ofMillis(400)).withMaxAttempts(2);
    private final byte[] body = Fixtures.bytes(300_000, 30);

    private ModelCache cache(URI base, DownloadListener l) {
        return new ModelCache(new CacheSettings(home, false, Map.of("test", base), OPTIONS), new WeightRegistry(), l);
    }

    @Test
    void aServerThatNeverAnswersTimesOutAfterBoundedAttempts() throws Exception {
        try (TestServer server = new TestServer()) {
            server.on("w.h5", (ex, n) -> server.stall());
            WeightTag tag = Fixtures.tag("w.h5", server.base(), body);
            DownloadException e = assertThrows(DownloadException.class, () -> cache(server.base(), DownloadListener.none()).resolve(tag));
            assertTrue(e.getMessage().contains("idle time-out") && e.getMessage().contains("transfer4j.download.idleTimeout"), e.getMessage());
            assertTrue(e.getMessage().contains("after 2 attempt(s)"), e.getMessage());
            assertEquals(2, server.requestsTo("w.h5").size());
        }
    }

    @Test
    void aBodyThatStallsForeverTimesOutAndKeepsThePartForLater() throws Exception {
        try (TestServer server = new TestServer()) {
            server.on("w.h5", (ex, n) -> {
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body, 0, 1000);
                ex.getResponseBody().flush();
                server.stall();
            });
            WeightTag tag = Fixtures.tag("w.h5", server.base(), body);
            ModelCache cache = cache(server.base(), DownloadListener.none());
            DownloadException e = assertThrows(DownloadException.class, () -> cache.resolve(tag));
            assertTrue(e.getMessage().contains("idle time-out"), e.getMessage());
            assertTrue(e.getMessage().contains("is kept and the next run resumes from it"), e.getMessage());
            assertEquals(1000, Files.size(Downloader.partFile(cache.expectedPath(tag))));
        }
    }

    @Test
    void aStallMidBodyIsResumed() throws Exception {
        try (TestServer server = new TestServer()) {
            server.on("w.h5", (ex, n) -> {
                if (n == 1) {
                    ex.sendResponseHeaders(200, body.length);
                    ex.getResponseBody().write(body, 0, 100_000);
                    ex.getResponseBody().flush();
                    server.stall();
                } else {
                    TestServer.send(ex, body, true, -1, 0);
                }
            });
            Path p = cache(server.base(), DownloadListener.none()).resolve(Fixtures.tag("w.h5", server.base(), body));
            assertArrayEquals(body, Files.readAllBytes(p));
            assertEquals("bytes=100000-", server.requestsTo("w.h5").get(1).range());
        }
    }

    @Test
    void aSlowButSteadyServerIsNotTimedOut() throws Exception {
        // 19 chunks, 150 ms apart: 2.7 s in all, far beyond the 400 ms idle time-out, never idle that long.
        try (TestServer server = new TestServer().on("w.h5", (ex, n) -> TestServer.send(ex, body, true, -1, 150))) {
            Path p = cache(server.base(), DownloadListener.none()).resolve(Fixtures.tag("w.h5", server.base(), body));
            assertArrayEquals(body, Files.readAllBytes(p));
            assertEquals(1, server.requestsTo("w.h5").size());
        }
    }
}
