package io.transfer4j.zoo.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where settings come from: system property first, then environment, then defaults. */
class CacheSettingsTest {
    private static final Map<String, String> NO_PROPS = Map.of("user.home", "/home/u");

    @Test
    void defaultsUnderTheUserHome() {
        CacheSettings s = CacheSettings.from(NO_PROPS, Map.of());
        assertEquals(Path.of("/home/u/.transfer4j"), s.home());
        assertEquals(Path.of("/home/u/.transfer4j/models"), s.modelsDir());
        assertFalse(s.offline());
        assertEquals(WeightSource.KERAS.defaultBaseUrl(), s.baseUrl(WeightSource.KERAS));
        assertEquals(DownloadOptions.defaults(), s.download());
    }

    @Test
    void thePropertyWinsOverTheEnvironment() {
        Map<String, String> env = Map.of("TRANSFER4J_HOME", "/env/home", "TRANSFER4J_OFFLINE", "1",
                "TRANSFER4J_MIRROR_DL4J", "https://env.example/dl4j", "TRANSFER4J_MIRROR_KERAS", "https://env.example/keras/");
        assertEquals(Path.of("/env/home"), CacheSettings.from(NO_PROPS, env).home());
        assertTrue(CacheSettings.from(NO_PROPS, env).offline());

        Map<String, String> props = Map.of("user.home", "/home/u", "transfer4j.home", "~/t4j", "transfer4j.offline", "false",
                "transfer4j.mirror.dl4j", "https://prop.example/dl4j/");
        CacheSettings s = CacheSettings.from(props, env);
        assertEquals(Path.of("/home/u/t4j"), s.home());
        assertFalse(s.offline());
        assertEquals(URI.create("https://prop.example/dl4j/"), s.baseUrl(WeightSource.DL4J));
        assertEquals(URI.create("https://env.example/keras/"), s.baseUrl(WeightSource.KERAS));
    }

    @Test
    void aMirrorChangesTheUrlOfEveryTagOfItsSource() {
        CacheSettings s = CacheSettings.from(Map.of("user.home", "/h", "transfer4j.mirror.dl4j", "https://m.example/zoo"), Map.of());
        ModelCache cache = new ModelCache(s, WeightRegistry.withBuiltIns(), DownloadListener.none());
        assertEquals(URI.create("https://m.example/zoo/models/vgg16_dl4j_inference.zip"),
                cache.url(WeightRegistry.defaults().get("vgg16:dl4j-imagenet")).orElseThrow());
        assertEquals(URI.create("https://storage.googleapis.com/tensorflow/keras-applications/vgg16/vgg16_weights_tf_dim_ordering_tf_kernels.h5"),
                cache.url(WeightRegistry.defaults().get("vgg16:imagenet")).orElseThrow());
    }

    @Test
    void downloadBoundsCanBeSet() {
        CacheSettings s = CacheSettings.from(Map.of("user.home", "/h", "transfer4j.download.attempts", "9"),
                Map.of("TRANSFER4J_DOWNLOAD_IDLETIMEOUT", "7"));
        assertEquals(9, s.download().maxAttempts());
        assertEquals(Duration.ofSeconds(7), s.download().idleTimeout());
    }

    @Test
    void badValuesNameTheSetting() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CacheSettings.from(Map.of("user.home", "/h", "transfer4j.offline", "maybe"), Map.of()))
                .getMessage().contains("transfer4j.offline / TRANSFER4J_OFFLINE must be true or false, got 'maybe'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CacheSettings.from(Map.of("user.home", "/h", "transfer4j.mirror.keras", "ftp://x/"), Map.of()))
                .getMessage().contains("transfer4j.mirror.keras"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CacheSettings.from(Map.of("user.home", "/h", "transfer4j.download.attempts", "0"), Map.of()))
                .getMessage().contains("transfer4j.download.attempts must be a positive whole number, got '0'"));
    }

    @Test
    void plainHttpIsAllowedOnlyForAnExplicitHttpMirror() {
        CacheSettings s = CacheSettings.from(Map.of("user.home", "/h", "transfer4j.mirror.dl4j", "http://10.0.0.5:8080/zoo/",
                "transfer4j.mirror.keras", "https://secure.example/"), Map.of());
        assertTrue(s.allowsPlainHttp(URI.create("http://10.0.0.5:8080/zoo/models/x.zip")));
        assertFalse(s.allowsPlainHttp(URI.create("http://10.0.0.5:9090/zoo/models/x.zip")), "another port");
        assertFalse(s.allowsPlainHttp(URI.create("http://secure.example/x")), "configured with https only");
        assertFalse(s.allowsPlainHttp(URI.create("http://dl4jdata.blob.core.windows.net/models/x.zip")));
    }

    @Test
    void theTestRunUsesTheSurefireHome() {
        // The build sets transfer4j.home so that no test touches ~/.transfer4j.
        assertEquals(Path.of(System.getProperty("transfer4j.home")).toAbsolutePath().normalize(), CacheSettings.fromEnvironment().home());
    }
}
