package io.transfer4j.zoo.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Servers that refuse, fail or redirect in circles: bounded retries and messages that say what to do. */
class DownloadHttpErrorTest {
    @TempDir
    Path home;

    private final byte[] body = Fixtures.bytes(100_000, 20);

    @ParameterizedTest
    @ValueSource(ints = {403, 404, 410})
    void refusalFailsAtOnceNamingTheUrlAndTheFixes(int code) throws Exception {
        try (TestServer server = new TestServer().on("w.h5", (ex, n) -> TestServer.status(ex, code))) {
            WeightTag tag = Fixtures.tag("w.h5", server.base(), body);
            ModelCache cache = Fixtures.cache(home, server.base(), DownloadListener.none());
            DownloadException e = assertThrows(DownloadException.class, () -> cache.resolve(tag));

            assertEquals(1, server.requestsTo("w.h5").size(), "no retry on " + code);
            assertEquals(code, e.status());
            String m = e.getMessage();
            assertTrue(m.contains("HTTP " + code) && m.contains(server.base() + "w.h5"), m);
            assertTrue(m.contains("-Dtransfer4j.mirror.test=") && m.contains("TRANSFER4J_MIRROR_TEST"), m);
            assertTrue(m.contains("transfer4j zoo import test:w-h5 <file>") && m.contains(tag.hash()), m);
            assertFalse(Files.exists(cache.expectedPath(tag)));
        }
    }

    @Test
    void serverErrorsAreRetriedUntilTheFileComes() throws Exception {
        try (TestServer server = new TestServer().on("w.h5", (ex, n) -> {
            if (n <= 2) {
                TestServer.status(ex, n == 1 ? 500 : 503);
            } else {
                TestServer.send(ex, body, true, -1, 0);
            }
        })) {
            Fixtures.Recorder rec = new Fixtures.Recorder();
            Path p = Fixtures.cache(home, server.base(), rec).resolve(Fixtures.tag("w.h5", server.base(), body));
            assertArrayEquals(body, Files.readAllBytes(p));
            assertEquals(3, server.requestsTo("w.h5").size());
            assertEquals(2, rec.count("retrying"), rec.events.toString());
        }
    }

    @Test
    void serverErrorsForeverStopAfterMaxAttempts() throws Exception {
        try (TestServer server = new TestServer().on("w.h5", (ex, n) -> TestServer.status(ex, 500))) {
            WeightTag tag = Fixtures.tag("w.h5", server.base(), body);
            DownloadException e = assertThrows(DownloadException.class,
                    () -> Fixtures.cache(home, server.base(), DownloadListener.none()).resolve(tag));
            assertEquals(Fixtures.FAST.maxAttempts(), server.requestsTo("w.h5").size());
            assertEquals(500, e.status());
            assertTrue(e.getMessage().contains("giving up on " + server.base() + "w.h5 after 3 attempt(s)"), e.getMessage());
            assertTrue(e.getMessage().contains("transfer4j zoo import"), e.getMessage());
        }
    }

    @Test
    void aRedirectLoopIsReportedWithItsChain() throws Exception {
        try (TestServer server = new TestServer()) {
            server.on("a.h5", (ex, n) -> redirect(ex, "/b.h5")).on("b.h5", (ex, n) -> redirect(ex, "/a.h5"));
            WeightTag tag = Fixtures.tag("a.h5", server.base(), body);
            DownloadException e = assertThrows(DownloadException.class,
                    () -> Fixtures.cache(home, server.base(), DownloadListener.none()).resolve(tag));
            String m = e.getMessage();
            assertTrue(m.contains("redirect loop") && m.contains(server.base() + "a.h5 -> " + server.base() + "b.h5 -> " + server.base() + "a.h5"), m);
            assertEquals(2, server.requests.size(), "loop detected without going round again");
        }
    }

    @Test
    void endlessDistinctRedirectsStopAtTheLimit() throws Exception {
        try (TestServer server = new TestServer()) {
            server.on("r", (ex, n) -> redirect(ex, ex.getRequestURI().getPath() + "x"));
            WeightTag tag = Fixtures.tag("r", server.base(), body);
            DownloadException e = assertThrows(DownloadException.class,
                    () -> Fixtures.cache(home, server.base(), DownloadListener.none()).resolve(tag));
            assertTrue(e.getMessage().contains("too many redirects (more than " + Fixtures.FAST.maxRedirects() + ")"), e.getMessage());
            assertEquals(Fixtures.FAST.maxRedirects() + 1, server.requests.size());
        }
    }

    @Test
    void nobodyListeningIsRetriedAFewTimesThenReported() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        URI base = URI.create("http://127.0.0.1:" + port + "/");
        WeightTag tag = Fixtures.tag("w.h5", base, body);
        Fixtures.Recorder rec = new Fixtures.Recorder();
        DownloadException e = assertThrows(DownloadException.class, () -> Fixtures.cache(home, base, rec).resolve(tag));
        assertEquals(-1, e.status());
        assertTrue(e.getMessage().contains("ConnectException") && e.getMessage().contains("after 3 attempt(s)"), e.getMessage());
        assertEquals(2, rec.count("retrying"));
    }

    @Test
    void aMalformedRedirectIsReported() throws Exception {
        try (TestServer server = new TestServer()) {
            server.on("w.h5", (ex, n) -> redirect(ex, "http://bad host/ x"));
            WeightTag tag = Fixtures.tag("w.h5", server.base(), body);
            DownloadException e = assertThrows(DownloadException.class,
                    () -> Fixtures.cache(home, server.base(), DownloadListener.none()).resolve(tag));
            assertTrue(e.getMessage().contains("redirects to a malformed Location 'http://bad host/ x'"), e.getMessage());
            assertEquals(1, server.requests.size());
        }
    }

    private static void redirect(com.sun.net.httpserver.HttpExchange ex, String to) throws java.io.IOException {
        ex.getResponseHeaders().add("Location", to);
        ex.sendResponseHeaders(302, -1);
    }
}
