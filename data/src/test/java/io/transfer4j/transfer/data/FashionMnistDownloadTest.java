package io.transfer4j.transfer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.transfer4j.zoo.weights.CacheSettings;
import io.transfer4j.zoo.weights.DownloadListener;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The download step against a 127.0.0.1 server serving the real files (a configured plain-HTTP mirror). */
class FashionMnistDownloadTest {

    private HttpServer server;
    private final Map<String, Path> served = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final Map<String, AtomicInteger> requestsPerFile = new ConcurrentHashMap<>();
    /** Pause before each answer, so that concurrent downloads overlap. */
    private volatile long delayMs;

    @BeforeEach
    void start() throws Exception {
        for (FashionMnist.File f : FashionMnist.File.values()) {
            served.put(f.gzName(), FashionMnistFinder.SYSTEM_DIR.resolve(f.gzName()));
        }
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/fm/", exchange -> {
            requests.incrementAndGet();
            String name = exchange.getRequestURI().getPath().substring("/fm/".length());
            requestsPerFile.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
            pause();
            Path file = served.get(name);
            if (file == null) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            byte[] body = Files.readAllBytes(file);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void pause() {
        try {
            Thread.sleep(delayMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** MD5 of Debian's .gz files (re-compressed, so not the official sums; same data). */
    private static FashionMnistFinder finder() {
        return FashionMnist.finder().systemDir(null)
                .checksum(FashionMnist.File.TRAIN_IMAGES, "cf8536b0aa1a6ac5fa3f23001093305c")
                .checksum(FashionMnist.File.TRAIN_LABELS, "10bea18fdb374794d4bb42e356e600c9")
                .checksum(FashionMnist.File.TEST_IMAGES, "f78720b4224f21cce2f2ccf2d7a94c9a")
                .checksum(FashionMnist.File.TEST_LABELS, "0d30e22e447f3c33dab9ed536400ac01");
    }

    private CacheSettings settings(Path home) {
        URI mirror = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/fm/");
        return CacheSettings.fromEnvironment().withHome(home).withOffline(false).withMirror(FashionMnistFinder.MIRROR_KEY, mirror);
    }

    @Test
    void downloadsIntoTheCacheThenUsesIt(@TempDir Path home) {
        FashionMnistFinder finder = finder().settings(settings(home))
                .listener(DownloadListener.none()).embeddedFallback(false);
        FashionMnist fm = finder.find();
        assertEquals(FashionMnist.Origin.DOWNLOAD, fm.origin());
        Path cache = home.resolve("datasets/fashion-mnist");
        assertEquals(cache, finder.cacheDir());
        assertTrue(FashionMnist.complete(cache));
        assertEquals(10_000, fm.test().size());
        assertEquals(4, requests.get());

        FashionMnist again = finder().settings(settings(home)).embeddedFallback(false).find();
        assertEquals(FashionMnist.Origin.CACHE, again.origin());
        assertEquals(4, requests.get(), "no second download");
    }

    @Test
    void wrongChecksumLeavesNothingAndIsNamed(@TempDir Path home) {
        // The server hands out the training labels under the test labels' name.
        served.put(FashionMnist.File.TEST_LABELS.gzName(), FashionMnistFinder.SYSTEM_DIR.resolve("train-labels-idx1-ubyte.gz"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> finder()
                .settings(settings(home)).listener(DownloadListener.none()).embeddedFallback(false).find());
        assertTrue(e.getMessage().contains("t10k-labels-idx1-ubyte.gz"), e.getMessage());
        assertFalse(Files.exists(home.resolve("datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz")));
        // With the fallback on, the embedded subset is used instead.
        FashionMnist fm = finder().settings(settings(home)).listener(DownloadListener.none()).find();
        assertEquals(FashionMnist.Origin.EMBEDDED, fm.origin());
    }

    @Test
    void offlineSettingsSkipTheDownload(@TempDir Path home) {
        FashionMnist fm = finder().settings(settings(home).withOffline(true)).find();
        assertEquals(FashionMnist.Origin.EMBEDDED, fm.origin());
        assertEquals(0, requests.get());
    }

    @Test
    void twoThreadsDownloadingIntoOneCacheFetchEachFileOnce(@TempDir Path home) throws Exception {
        delayMs = 300;      // four files take over a second: the second thread starts while the first downloads
        CountDownLatch ready = new CountDownLatch(2);
        Callable<FashionMnist> find = () -> {
            FashionMnistFinder finder = finder().settings(settings(home)).listener(DownloadListener.none()).embeddedFallback(false);
            ready.countDown();
            ready.await();      // both pass the "is it in the cache?" check together
            return finder.find();
        };
        ExecutorService pool = Executors.newFixedThreadPool(2);
        FashionMnist one;
        FashionMnist two;
        try {
            Future<FashionMnist> a = pool.submit(find);
            Future<FashionMnist> b = pool.submit(find);
            one = a.get(120, TimeUnit.SECONDS);
            two = b.get(120, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        for (FashionMnist.File f : FashionMnist.File.values()) {
            assertEquals(1, requestsPerFile.get(f.gzName()).get(), f.gzName() + " must be served once, not once per thread");
            Path cached = home.resolve("datasets/fashion-mnist").resolve(f.gzName());
            assertEquals(Files.size(FashionMnistFinder.SYSTEM_DIR.resolve(f.gzName())), Files.size(cached));
        }
        // One downloaded; the other waited on the cache lock and found the files complete.
        assertEquals(Set.of(FashionMnist.Origin.DOWNLOAD, FashionMnist.Origin.CACHE), EnumSet.of(one.origin(), two.origin()));
        assertEquals(10_000, one.test().size());
        assertEquals(10_000, two.test().size());
        assertEquals(4, requests.get());
    }
}
