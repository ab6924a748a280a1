package io.transfer4j.zoo.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cache directory that cannot be used: the error names it and the two ways to move it. (Tests run as root
 * here, where permission bits do not stop anything, so the unusable directory is a path blocked by a file.)
 */
class CacheDirectoryTest {
    @TempDir
    Path tmp;

    private final byte[] body = Fixtures.bytes(1000, 80);

    @Test
    void aHomeThatIsAFileIsReportedWithTheOverride() throws Exception {
        Path home = Files.writeString(tmp.resolve("home"), "not a directory");
        try (TestServer server = new TestServer().on("w.h5", TestServer.file(body))) {
            ModelCache cache = Fixtures.cache(home, server.base(), DownloadListener.none());
            WeightsException e = assertThrows(WeightsException.class, () -> cache.resolve(Fixtures.tag("w.h5", server.base(), body)));
            String m = e.getMessage();
            assertTrue(m.startsWith("cannot use the weight cache directory " + home.resolve("models/test")), m);
            assertTrue(m.contains("-Dtransfer4j.home=<dir>") && m.contains("TRANSFER4J_HOME") && m.contains("(now " + home + ")"), m);
            assertEquals(0, server.requests.size(), "fails before any download");
        }
    }

    @Test
    void aSourceDirectoryBlockedByAFileIsReportedOnImportToo() throws Exception {
        Path home = tmp.resolve("home");
        Files.createDirectories(home.resolve("models"));
        Files.writeString(home.resolve("models/test"), "in the way");
        Path src = Files.write(tmp.resolve("w.h5"), body);
        ModelCache cache = Fixtures.cache(home, java.net.URI.create("http://127.0.0.1:9/"), DownloadListener.none());
        WeightsException e = assertThrows(WeightsException.class,
                () -> cache.importFile(Fixtures.tag("w.h5", java.net.URI.create("http://127.0.0.1:9/"), body), src));
        assertTrue(e.getMessage().contains("cannot use the weight cache directory " + home.resolve("models/test")), e.getMessage());
    }

    @Test
    void aPartFileThatCannotBeWrittenEndsAtOnceNamingIt() throws Exception {
        // A local write failure (here: a directory where the .part should go; in life: a full disk) is not a
        // network fault, so it is not retried.
        Path home = tmp.resolve("home");
        byte[] big = Fixtures.bytes(100_000, 81);
        try (TestServer server = new TestServer().on("w.h5", TestServer.file(big))) {
            WeightTag tag = Fixtures.tag("w.h5", server.base(), big);
            ModelCache cache = Fixtures.cache(home, server.base(), DownloadListener.none());
            Files.createDirectories(Downloader.partFile(cache.expectedPath(tag)));
            WeightsException e = assertThrows(WeightsException.class, () -> cache.resolve(tag));
            assertTrue(e.getMessage().startsWith("cannot write " + Downloader.partFile(cache.expectedPath(tag))), e.getMessage());
            assertTrue(e.getMessage().contains("is the disk full?"), e.getMessage());
            assertEquals(1, server.requests.size(), "not retried");
        }
    }
}
