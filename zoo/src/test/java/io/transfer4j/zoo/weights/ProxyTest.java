package io.transfer4j.zoo.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS_PROXY / HTTP_PROXY / NO_PROXY: downloads go through a local proxy (CONNECT tunnel for https, absolute-form
 * GET for http) unless the host is exempt; every server is on 127.0.0.1 and started here.
 */
class ProxyTest {
    @TempDir
    static Path keys;
    static SSLContext tls;

    @TempDir
    Path dir;

    private final byte[] body = Fixtures.bytes(50_000, 91);

    /** A self-signed certificate for 127.0.0.1, made with the JDK's keytool; server and client share its context. */
    @BeforeAll
    static void certificate() throws Exception {
        Path ks = keys.resolve("server.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "test", "-keyalg", "RSA", "-keysize", "2048",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-keystore", ks.toString(),
                "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(ks)) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, "changeit".toCharArray());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    }

    /** An HTTPS file server on 127.0.0.1 serving {@code body} at /w.h5. */
    private HttpsServer httpsServer(List<String> seen) throws Exception {
        HttpsServer s = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        s.setHttpsConfigurator(new HttpsConfigurator(tls));
        s.createContext("/w.h5", ex -> {
            seen.add(ex.getRequestURI().getPath());
            try {
                TestServer.send(ex, body, true, -1, 0);
            } finally {
                ex.close();
            }
        });
        s.start();
        return s;
    }

    private Downloader downloader(Map<String, String> env) {
        // A JVM's first TLS handshake can take over a second on a busy machine: a longer idle bound than FAST's.
        return new Downloader(Fixtures.FAST.withIdleTimeout(java.time.Duration.ofSeconds(20)), u -> true, EnvironmentProxySelector.of(env), MirrorCredentials.none(), tls);
    }

    @Test
    void httpsGoesThroughTheProxyWithConnect() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        HttpsServer server = httpsServer(seen);
        try (TestProxy proxy = new TestProxy()) {
            int port = server.getAddress().getPort();
            Path target = dir.resolve("w.h5");
            Fixtures.Recorder r = new Fixtures.Recorder();
            downloader(Map.of("HTTPS_PROXY", proxy.url())).fetch(URI.create("https://127.0.0.1:" + port + "/w.h5"), target,
                    HashAlgorithm.MD5, Fixtures.md5(body), r);
            assertArrayEquals(body, Files.readAllBytes(target));
            assertEquals(0, r.count("retrying"), r.events.toString());
            assertEquals(List.of("CONNECT 127.0.0.1:" + port + " HTTP/1.1"), proxy.requestLines);
            assertEquals(List.of("/w.h5"), seen);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void plainHttpGoesThroughTheProxyNamedByLowerCaseHttpProxy() throws Exception {
        try (TestServer server = new TestServer().on("w.h5", TestServer.file(body)); TestProxy proxy = new TestProxy()) {
            Path target = dir.resolve("w.h5");
            downloader(Map.of("http_proxy", proxy.url(), "HTTPS_PROXY", "http://127.0.0.1:1")).fetch(server.base().resolve("w.h5"), target,
                    HashAlgorithm.MD5, Fixtures.md5(body), DownloadListener.none());
            assertArrayEquals(body, Files.readAllBytes(target));
            assertEquals(List.of("GET " + server.base() + "w.h5 HTTP/1.1"), proxy.requestLines);
        }
    }

    @Test
    void noProxyHostsConnectDirectly() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        HttpsServer server = httpsServer(seen);
        try (TestProxy proxy = new TestProxy()) {
            Path target = dir.resolve("w.h5");
            downloader(Map.of("HTTPS_PROXY", proxy.url(), "NO_PROXY", "localhost, 127.0.0.1")).fetch(
                    URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/w.h5"), target, HashAlgorithm.MD5,
                    Fixtures.md5(body), DownloadListener.none());
            assertArrayEquals(body, Files.readAllBytes(target));
            assertEquals(List.of(), proxy.requestLines);
            assertEquals(List.of("/w.h5"), seen);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void selectorRules() {
        EnvironmentProxySelector s = EnvironmentProxySelector.of(Map.of("HTTPS_PROXY", "proxy.corp:3128",
                "no_proxy", ".internal, example.com, 10.0.0.1, mirror.corp:8443"));
        assertEquals("proxy.corp:3128", s.proxyFor(URI.create("https://storage.googleapis.com/x")).map(a -> a.getHostString() + ":" + a.getPort()).orElse("direct"));
        assertTrue(s.proxyFor(URI.create("https://a.b.internal/x")).isEmpty());
        assertTrue(s.proxyFor(URI.create("https://example.com/x")).isEmpty());
        assertTrue(s.proxyFor(URI.create("https://www.example.com/x")).isEmpty());
        assertTrue(s.proxyFor(URI.create("https://notexample.com/x")).isPresent(), "a suffix match must be on a dot");
        assertTrue(s.proxyFor(URI.create("https://10.0.0.1/x")).isEmpty());
        assertTrue(s.proxyFor(URI.create("https://mirror.corp:8443/x")).isEmpty());
        assertTrue(s.proxyFor(URI.create("https://mirror.corp/x")).isPresent(), "the port must match when given");
        assertTrue(s.proxyFor(URI.create("http://plain.host/x")).isEmpty(), "no HTTP_PROXY: http goes direct");
        assertTrue(EnvironmentProxySelector.of(Map.of("HTTPS_PROXY", "http://p:1", "NO_PROXY", "*")).proxyFor(URI.create("https://x/")).isEmpty());
        String d = EnvironmentProxySelector.of(Map.of("HTTPS_PROXY", "http://me:s3cret@proxy.corp:3128")).describe();
        assertEquals("https: proxy.corp:3128 (HTTPS_PROXY)", d);
    }
}
