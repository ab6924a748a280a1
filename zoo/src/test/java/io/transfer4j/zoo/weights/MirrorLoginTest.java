package io.transfer4j.zoo.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mirror that requires a login (HTTP Basic or a Bearer token): credentials from the mirror URL, the token
 * variable or a netrc file; sent to the mirror's host only; the secret never appears in a message or setting.
 */
class MirrorLoginTest {
    private static final String SECRET = "s3cret-pw";

    @TempDir
    Path home;

    private final byte[] body = Fixtures.bytes(20_000, 17);
    private final List<String> authorizations = new CopyOnWriteArrayList<>();

    /** Serves w.h5 only with {@code expected} as Authorization; 401 otherwise. */
    private TestServer mirror(String expected) throws Exception {
        return new TestServer().on("w.h5", (ex, n) -> {
            String a = ex.getRequestHeaders().getFirst("Authorization");
            authorizations.add(String.valueOf(a));
            if (expected.equals(a)) {
                TestServer.send(ex, body, true, -1, 0);
            } else {
                ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"mirror\"");
                TestServer.status(ex, 401);
            }
        });
    }

    private ModelCache cache(Map<String, String> props, Map<String, String> env, Fixtures.Recorder recorder) {
        Map<String, String> p = new java.util.HashMap<>(props);
        p.put("user.home", home.toString());
        p.put("transfer4j.download.attempts", "2");
        CacheSettings s = CacheSettings.from(p, env).withHome(home).withDownload(Fixtures.FAST);
        assertFalse(s.toString().contains(SECRET), s.toString());
        return new ModelCache(s, new WeightRegistry(), recorder);
    }

    @Test
    void userAndPasswordInTheMirrorUrl() throws Exception {
        try (TestServer server = mirror(MirrorCredentials.basic("me", SECRET))) {
            String withLogin = server.base().toString().replace("http://", "http://me:" + SECRET + "@");
            Fixtures.Recorder r = new Fixtures.Recorder();
            Path p = cache(Map.of("transfer4j.mirror.test", withLogin), Map.of(), r).resolve(Fixtures.tag("w.h5", server.base(), body));
            assertArrayEquals(body, Files.readAllBytes(p));
            assertFalse(r.events.toString().contains(SECRET), r.events.toString());
        }
    }

    @Test
    void tokenFromTheEnvironment() throws Exception {
        try (TestServer server = mirror("Bearer tok-" + SECRET)) {
            Path p = cache(Map.of(), Map.of("TRANSFER4J_MIRROR_TEST", server.base().toString(), "TRANSFER4J_MIRROR_TOKEN", "tok-" + SECRET),
                    new Fixtures.Recorder()).resolve(Fixtures.tag("w.h5", server.base(), body));
            assertArrayEquals(body, Files.readAllBytes(p));
        }
    }

    @Test
    void netrcEntryForTheMirrorHost() throws Exception {
        Path netrc = home.resolve("netrc");
        Files.writeString(netrc, "machine other.host login x password y\nmachine 127.0.0.1\n  login me\n  password " + SECRET + "\n");
        try (TestServer server = mirror(MirrorCredentials.basic("me", SECRET))) {
            Path p = cache(Map.of("transfer4j.mirror.test", server.base().toString()), Map.of("NETRC", netrc.toString()), new Fixtures.Recorder())
                    .resolve(Fixtures.tag("w.h5", server.base(), body));
            assertArrayEquals(body, Files.readAllBytes(p));
        }
    }

    @Test
    void missingLoginSaysHowToGiveOne() throws Exception {
        try (TestServer server = mirror(MirrorCredentials.basic("me", SECRET))) {
            DownloadException e = assertThrows(DownloadException.class, () -> cache(Map.of("transfer4j.mirror.test", server.base().toString()),
                    Map.of(), new Fixtures.Recorder()).resolve(Fixtures.tag("w.h5", server.base(), body)));
            assertTrue(e.getMessage().contains("HTTP 401 (Unauthorized)"), e.getMessage());
            assertTrue(e.getMessage().contains("TRANSFER4J_MIRROR_TOKEN"), e.getMessage());
            assertEquals(List.of("null"), authorizations);
        }
    }

    @Test
    void wrongPasswordIsNamedButNeverShown() throws Exception {
        try (TestServer server = mirror(MirrorCredentials.basic("me", "the-right-one"))) {
            String withLogin = server.base().toString().replace("http://", "http://me:" + SECRET + "@");
            Fixtures.Recorder r = new Fixtures.Recorder();
            DownloadException e = assertThrows(DownloadException.class, () -> cache(Map.of("transfer4j.mirror.test", withLogin), Map.of(), r)
                    .resolve(Fixtures.tag("w.h5", server.base(), body)));
            assertTrue(e.getMessage().contains("was refused"), e.getMessage());
            assertFalse(e.getMessage().contains(SECRET), e.getMessage());
            assertFalse(r.events.toString().contains(SECRET), r.events.toString());
            assertFalse(Files.exists(home.resolve("models/test/w.h5")));
        }
    }

    @Test
    void aRedirectToAnotherHostGoesWithoutTheLogin() throws Exception {
        List<String> elsewhereSaw = new CopyOnWriteArrayList<>();
        try (TestServer elsewhere = new TestServer(); TestServer server = new TestServer()) {
            elsewhere.on("w.h5", (ex, n) -> {
                elsewhereSaw.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
                TestServer.send(ex, body, true, -1, 0);
            });
            server.on("w.h5", (ex, n) -> {
                ex.getResponseHeaders().add("Location", elsewhere.base() + "w.h5");
                ex.sendResponseHeaders(302, -1);
            });
            String withLogin = server.base().toString().replace("http://", "http://me:" + SECRET + "@");
            // "other" makes the second server an explicitly configured plain-HTTP host, without a login.
            Path p = cache(Map.of("transfer4j.mirror.test", withLogin, "transfer4j.mirror.other", elsewhere.base().toString()), Map.of(),
                    new Fixtures.Recorder()).resolve(Fixtures.tag("w.h5", server.base(), body));
            assertArrayEquals(body, Files.readAllBytes(p));
            assertEquals(List.of("null"), elsewhereSaw);
        }
    }

    @Test
    void badMirrorValueIsReportedWithoutItsPassword() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CacheSettings.from(Map.of("user.home", "/h", "transfer4j.mirror.keras", "ftp://me:" + SECRET + "@host/"), Map.of()));
        assertFalse(e.getMessage().contains(SECRET), e.getMessage());
        assertTrue(e.getMessage().contains("ftp://***@host/"), e.getMessage());
        assertNull(CacheSettings.from(Map.of("user.home", "/h", "transfer4j.mirror.keras", "https://me:" + SECRET + "@host/k/"), Map.of())
                .mirrors().get("keras").getUserInfo());
    }
}
