package io.transfer4j.zoo.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The normal path: download, progress, checksum, cache hit. */
class DownloadTest {
    @TempDir
    Path home;

    @Test
    void downloadsVerifiesAndReportsProgress() throws Exception {
        byte[] body = Fixtures.bytes(1_000_000, 1);
        try (TestServer server = new TestServer().on("w.h5", TestServer.file(body))) {
            Fixtures.Recorder rec = new Fixtures.Recorder();
            WeightTag tag = Fixtures.tag("w.h5", server.base(), body);
            Path p = Fixtures.cache(home, server.base(), rec).resolve(tag);

            assertEquals(home.resolve("models/test/w.h5"), p);
            assertArrayEquals(body, Files.readAllBytes(p));
            assertFalse(Files.exists(Downloader.partFile(p)), "no .part left behind");
            assertTrue(Files.exists(VerifiedSidecar.of(p)), "verification recorded");
            assertEquals(1, rec.count("started w.h5 offset=0 total=1000000"), rec.events.toString());
            assertEquals(body.length, rec.progress.get(rec.progress.size() - 1));
            for (int i = 1; i < rec.progress.size(); i++) {
                assertTrue(rec.progress.get(i) >= rec.progress.get(i - 1), "progress never goes back");
            }
        }
    }

    @Test
    void secondResolveIsACacheHitWithoutRequest() throws Exception {
        byte[] body = Fixtures.bytes(200_000, 2);
        try (TestServer server = new TestServer().on("w.h5", TestServer.file(body))) {
            WeightTag tag = Fixtures.tag("w.h5", server.base(), body);
            Path first = Fixtures.cache(home, server.base(), DownloadListener.none()).resolve(tag);
            // A new cache object, as a new run would create.
            Path second = Fixtures.cache(home, server.base(), DownloadListener.none()).resolve(tag);
            assertEquals(first, second);
            assertEquals(1, server.requestsTo("w.h5").size());
        }
    }

    @Test
    void progressBarShowsFileBytesAndRate() throws Exception {
        byte[] body = Fixtures.bytes(3 << 20, 3);
        try (TestServer server = new TestServer().on("big.h5", TestServer.file(body))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
            Fixtures.cache(home, server.base(), DownloadListener.progressBar(ps)).resolve(Fixtures.tag("big.h5", server.base(), body));
            String shown = out.toString(StandardCharsets.UTF_8);
            assertTrue(shown.contains("Downloading " + server.base() + "big.h5"), shown);
            // A terminal gets the bar ("3/3MB"), anything else one line per 10% ("3.0 of 3.0 MB"): ConsoleOutput decides.
            assertTrue(shown.contains("big.h5") && shown.contains("100%") && shown.contains("MB/s")
                    && (shown.contains("3/3MB") || shown.contains("(3.0 of 3.0 MB)")), shown);
        }
    }

    @Test
    void followsAnOrdinaryRedirect() throws Exception {
        byte[] body = Fixtures.bytes(50_000, 4);
        try (TestServer server = new TestServer()) {
            server.on("old/w.h5", (ex, n) -> {
                ex.getResponseHeaders().add("Location", "/new/w.h5");
                ex.sendResponseHeaders(302, -1);
            }).on("new/w.h5", TestServer.file(body));
            WeightTag tag = WeightTag.builder("test:w").source(new WeightSource("test", server.base())).path("old/w.h5")
                    .hash(HashAlgorithm.MD5, Fixtures.md5(body)).format(WeightFormat.KERAS_H5).numClasses(0)
                    .preprocessing(io.transfer4j.zoo.Preprocessing.caffe(224, 224)).build();
            Path p = Fixtures.cache(home, server.base(), DownloadListener.none()).resolve(tag);
            assertArrayEquals(body, Files.readAllBytes(p));
        }
    }
}
