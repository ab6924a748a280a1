package io.transfer4j.zoo.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A process killed mid-download: nothing corrupt is cached, the next run resumes where it stopped. */
class KillMidDownloadTest {
    @TempDir
    Path home;
    @TempDir
    Path logs;

    @Test
    void theNextRunResumesTheKilledDownloadAndVerifiesIt() throws Exception {
        byte[] body = Fixtures.bytes(2 << 20, 90);
        int fast = 512 * 1024;
        try (TestServer server = new TestServer()) {
            server.on("w.h5", (ex, n) -> {
                if (n > 1) {
                    TestServer.send(ex, body, true, -1, 0);
                    return;
                }
                // First run: half a megabyte at once, then a trickle, so the test can kill the child mid-file.
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body, 0, fast);
                ex.getResponseBody().flush();
                for (int i = fast; i < body.length && server.closing.getCount() > 0; i += 1024) {
                    ex.getResponseBody().write(body, i, 1024);
                    ex.getResponseBody().flush();
                    TestServer.pause(200);
                }
            });
            WeightTag tag = Fixtures.tag("w.h5", server.base(), body);
            Path target = home.resolve("models/test/w.h5");
            Path part = Downloader.partFile(target);

            Process child = FetchChild.start(logs.resolve("child.log"), home.toString(), server.base().toString(), "w.h5", tag.hash());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!(Files.exists(part) && Files.size(part) >= fast) && System.nanoTime() < deadline && child.isAlive()) {
                Thread.sleep(20);
            }
            assertTrue(child.isAlive(), "child still downloading: " + Files.readString(logs.resolve("child.log")));
            child.destroyForcibly();
            assertTrue(child.waitFor(10, TimeUnit.SECONDS));

            assertFalse(Files.exists(target), "a killed download never leaves a file in place");
            byte[] kept = Files.readAllBytes(part);
            assertTrue(kept.length >= fast && kept.length < body.length, "partial: " + kept.length);
            assertArrayEquals(Arrays.copyOf(body, kept.length), kept, "the partial file holds exactly the bytes received");

            Path p = Fixtures.cache(home, server.base(), DownloadListener.none()).resolve(tag);
            assertArrayEquals(body, Files.readAllBytes(p));
            assertEquals(2, server.requestsTo("w.h5").size());
            assertEquals("bytes=" + kept.length + "-", server.requestsTo("w.h5").get(1).range());
            assertFalse(Files.exists(part));
        }
    }
}
