package io.transfer4j.zoo.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Offline mode never opens a connection and tells the user exactly where the file must go. */
class OfflineModeTest {
    @TempDir
    Path home;

    private final byte[] body = Fixtures.bytes(50_000, 50);

    @Test
    void aMissingFileIsReportedWithItsPathAndTheImportCommand() throws Exception {
        try (TestServer server = new TestServer().on("w.h5", TestServer.file(body))) {
            WeightTag tag = Fixtures.tag("w.h5", server.base(), body);
            ModelCache cache = new ModelCache(Fixtures.settings(home, server.base()).withOffline(true), new WeightRegistry(), DownloadListener.none());
            WeightsException e = assertThrows(WeightsException.class, () -> cache.resolve(tag));

            String m = e.getMessage();
            assertTrue(m.contains("offline mode is on (transfer4j.offline / TRANSFER4J_OFFLINE)"), m);
            assertTrue(m.contains("expected file: " + home.resolve("models/test/w.h5")), m);
            assertTrue(m.contains("transfer4j zoo import test:w-h5 <file>"), m);
            assertTrue(m.contains("md5 " + tag.hash()) && m.contains(server.base() + "w.h5"), m);
            assertEquals(0, server.requests.size(), "offline never touches the network");
        }
    }

    @Test
    void aVerifiedFileIsServedOffline() throws Exception {
        try (TestServer server = new TestServer().on("w.h5", TestServer.file(body))) {
            WeightTag tag = Fixtures.tag("w.h5", server.base(), body);
            Path online = Fixtures.cache(home, server.base(), DownloadListener.none()).resolve(tag);
            Path offline = new ModelCache(Fixtures.settings(home, server.base()).withOffline(true), new WeightRegistry(), DownloadListener.none())
                    .resolve(tag);
            assertEquals(online, offline);
            assertEquals(1, server.requests.size());
        }
    }

    @Test
    void aCorruptFileOfflineIsRemovedAndReported() throws Exception {
        WeightTag tag = Fixtures.tag("w.h5", java.net.URI.create("https://example.invalid/"), body);
        ModelCache cache = new ModelCache(new CacheSettings(home, true, Map.of(), Fixtures.FAST), new WeightRegistry(), DownloadListener.none());
        Files.createDirectories(cache.expectedPath(tag).getParent());
        Files.write(cache.expectedPath(tag), new byte[] {1, 2, 3});

        WeightsException e = assertThrows(WeightsException.class, () -> cache.resolve(tag));
        assertTrue(e.getMessage().contains("the cached copy is corrupt (md5 5289df737df57326fcdd22597afb1fac, expected " + tag.hash() + ") and was removed"),
                e.getMessage());
        assertFalse(Files.exists(cache.expectedPath(tag)));
    }

    @Test
    void aTagWithoutDownloadLocationAsksForAnImport() {
        WeightTag tag = WeightTag.builder("mine:v1").source(WeightSource.LOCAL).fileName("mine-v1.zip")
                .hash(HashAlgorithm.SHA256, "a".repeat(64)).format(WeightFormat.TRANSFER4J).includeTop(true).numClasses(10)
                .preprocessing(io.transfer4j.zoo.Preprocessing.unit(28, 28, 1)).build();
        ModelCache cache = new ModelCache(new CacheSettings(home, false, Map.of(), Fixtures.FAST), new WeightRegistry(), DownloadListener.none());
        WeightsException e = assertThrows(WeightsException.class, () -> cache.resolve(tag));
        assertTrue(e.getMessage().contains("has no download location (source 'local')"), e.getMessage());
        assertTrue(e.getMessage().contains("transfer4j zoo import mine:v1 <file>"), e.getMessage());
    }
}
