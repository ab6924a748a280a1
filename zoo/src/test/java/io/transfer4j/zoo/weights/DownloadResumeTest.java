package io.transfer4j.zoo.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Interrupted transfers: the connection is cut, a partial file is left over, the server ignores Range. */
class DownloadResumeTest {
    @TempDir
    Path home;

    private final byte[] body = Fixtures.bytes(1_000_000, 10);

    @Test
    void resumesWithRangeAfterTheServerCutsTheConnection() throws Exception {
        try (TestServer server = new TestServer().on("w.h5", (ex, n) -> TestServer.send(ex, body, true, n == 1 ? 300_000 : -1, 0))) {
            Fixtures.Recorder rec = new Fixtures.Recorder();
            Path p = Fixtures.cache(home, server.base(), rec).resolve(Fixtures.tag("w.h5", server.base(), body));

            assertArrayEquals(body, Files.readAllBytes(p));
            List<TestServer.Request> reqs = server.requestsTo("w.h5");
            assertEquals(2, reqs.size(), reqs.toString());
            assertNull(reqs.get(0).range());
            long resumedAt = Long.parseLong(reqs.get(1).range().replaceAll("bytes=(\\d+)-", "$1"));
            assertTrue(resumedAt > 0 && resumedAt <= 300_000, "resumed at " + resumedAt);
            assertEquals(1, rec.count("started w.h5 offset=" + resumedAt + " total=" + body.length), rec.events.toString());
            assertEquals(1, rec.count("retrying"), rec.events.toString());
        }
    }

    @Test
    void resumesAPartialFileLeftByAnEarlierRun() throws Exception {
        try (TestServer server = new TestServer().on("w.h5", TestServer.file(body))) {
            WeightTag tag = Fixtures.tag("w.h5", server.base(), body);
            ModelCache cache = Fixtures.cache(home, server.base(), DownloadListener.none());
            Path part = Downloader.partFile(cache.expectedPath(tag));
            Files.createDirectories(part.getParent());
            Files.write(part, Arrays.copyOf(body, 400_000));

            assertArrayEquals(body, Files.readAllBytes(cache.resolve(tag)));
            assertEquals(List.of(new TestServer.Request("/w.h5", "bytes=400000-")), server.requestsTo("w.h5"));
            assertFalse(Files.exists(part));
        }
    }

    @Test
    void startsOverWhenTheServerIgnoresRange() throws Exception {
        try (TestServer server = new TestServer().on("w.h5", (ex, n) -> TestServer.send(ex, body, false, n == 1 ? 300_000 : -1, 0))) {
            Fixtures.Recorder rec = new Fixtures.Recorder();
            Path p = Fixtures.cache(home, server.base(), rec).resolve(Fixtures.tag("w.h5", server.base(), body));

            assertArrayEquals(body, Files.readAllBytes(p));
            assertEquals(2, server.requestsTo("w.h5").size());
            assertTrue(server.requestsTo("w.h5").get(1).range() != null, "it did ask for a range");
            assertEquals(1, rec.count("note The server ignored the Range request"), rec.events.toString());
        }
    }

    @Test
    void aCompletePartFileIsVerifiedWhenTheServerAnswers416() throws Exception {
        try (TestServer server = new TestServer().on("w.h5", TestServer.file(body))) {
            WeightTag tag = Fixtures.tag("w.h5", server.base(), body);
            ModelCache cache = Fixtures.cache(home, server.base(), DownloadListener.none());
            Path part = Downloader.partFile(cache.expectedPath(tag));
            Files.createDirectories(part.getParent());
            Files.write(part, body);        // killed after the last byte, before the rename

            assertArrayEquals(body, Files.readAllBytes(cache.resolve(tag)));
            assertEquals(List.of(new TestServer.Request("/w.h5", "bytes=1000000-")), server.requestsTo("w.h5"));
        }
    }

    @Test
    void aPartFileOfAnotherVersionIsDiscardedAndTheFileFetchedWhole() throws Exception {
        try (TestServer server = new TestServer().on("w.h5", TestServer.file(body))) {
            WeightTag tag = Fixtures.tag("w.h5", server.base(), body);
            Fixtures.Recorder rec = new Fixtures.Recorder();
            ModelCache cache = Fixtures.cache(home, server.base(), rec);
            Path part = Downloader.partFile(cache.expectedPath(tag));
            Files.createDirectories(part.getParent());
            Files.write(part, Fixtures.bytes(100_000, 99));   // not a prefix of body

            assertArrayEquals(body, Files.readAllBytes(cache.resolve(tag)));
            List<TestServer.Request> reqs = server.requestsTo("w.h5");
            assertEquals(List.of(new TestServer.Request("/w.h5", "bytes=100000-"), new TestServer.Request("/w.h5", null)), reqs);
            assertEquals(1, rec.count("note The resumed file w.h5 has the wrong md5"), rec.events.toString());
        }
    }
}
