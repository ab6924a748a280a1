package io.transfer4j.zoo.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS only, unless the user configured a plain-HTTP mirror explicitly; redirects obey the same rule. */
class PlainHttpTest {
    @TempDir
    Path home;

    private final byte[] body = Fixtures.bytes(10_000, 70);

    @Test
    void aPlainHttpUrlIsRefusedWithoutAnyRequest() throws Exception {
        try (TestServer server = new TestServer().on("w.h5", TestServer.file(body))) {
            WeightTag tag = Fixtures.tag("w.h5", server.base(), body);      // the source's own default is http://
            ModelCache cache = new ModelCache(new CacheSettings(home, false, Map.of(), Fixtures.FAST), new WeightRegistry(), DownloadListener.none());
            DownloadException e = assertThrows(DownloadException.class, () -> cache.resolve(tag));
            assertTrue(e.getMessage().contains("refusing to download " + server.base() + "w.h5: transfer4j downloads over HTTPS only"), e.getMessage());
            assertTrue(e.getMessage().contains("-Dtransfer4j.mirror.<source>=http://127.0.0.1:"), e.getMessage());
            assertEquals(0, server.requests.size());
        }
    }

    @Test
    void theSameUrlWorksOnceConfiguredAsAMirror() throws Exception {
        try (TestServer server = new TestServer().on("w.h5", TestServer.file(body))) {
            WeightTag tag = Fixtures.tag("w.h5", server.base(), body);
            Path p = new ModelCache(new CacheSettings(home, false, Map.of("test", server.base()), Fixtures.FAST), new WeightRegistry(),
                    DownloadListener.none()).resolve(tag);
            assertArrayEquals(body, Files.readAllBytes(p));
        }
    }

    @Test
    void aMirrorCannotRedirectToAnotherPlainHttpHost() throws Exception {
        try (TestServer elsewhere = new TestServer().on("w.h5", TestServer.file(body));
             TestServer mirror = new TestServer()) {
            mirror.on("w.h5", (ex, n) -> {
                ex.getResponseHeaders().add("Location", elsewhere.base() + "w.h5");
                ex.sendResponseHeaders(302, -1);
            });
            WeightTag tag = Fixtures.tag("w.h5", mirror.base(), body);
            DownloadException e = assertThrows(DownloadException.class,
                    () -> Fixtures.cache(home, mirror.base(), DownloadListener.none()).resolve(tag));
            assertTrue(e.getMessage().contains("refusing to download " + elsewhere.base() + "w.h5 (redirected from " + mirror.base() + "w.h5)"),
                    e.getMessage());
            assertEquals(0, elsewhere.requests.size());
        }
    }
}
