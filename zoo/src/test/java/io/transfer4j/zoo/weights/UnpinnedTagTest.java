package io.transfer4j.zoo.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.transfer4j.zoo.Preprocessing;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files whose publisher pins no checksum (Keras's MobileNet v1/v2): the first complete copy's SHA-256 is recorded,
 * and from then on the cached file must keep it — a changed file is detected and fetched again, an import of
 * another file later is refused.
 */
class UnpinnedTagTest {
    @TempDir
    Path home;

    private final byte[] body = Fixtures.bytes(300_000, 7);

    private static WeightTag unpinned(URI base) {
        return WeightTag.builder("test:u-h5").source(new WeightSource("test", base)).path("u.h5").unpinned(HashAlgorithm.SHA256)
                .format(WeightFormat.KERAS_H5).includeTop(false).numClasses(0).preprocessing(Preprocessing.tf(224, 224)).build();
    }

    @Test
    void firstDownloadIsRecordedAndLaterChangesAreCaught() throws Exception {
        try (TestServer server = new TestServer().on("u.h5", TestServer.file(body))) {
            WeightTag tag = unpinned(server.base());
            assertFalse(tag.pinned());
            assertNull(tag.hash());
            Fixtures.Recorder rec = new Fixtures.Recorder();
            ModelCache cache = Fixtures.cache(home, server.base(), rec);
            Path p = cache.resolve(tag);
            String sha = HashAlgorithm.SHA256.hash(p);
            assertEquals(sha, VerifiedSidecar.recordedHash(p, HashAlgorithm.SHA256));
            assertEquals(1, rec.count("note test:u-h5: the publisher pins no checksum; recorded this copy's sha256 " + sha),
                    rec.events.toString());

            assertEquals(p, cache.resolve(tag));                 // the sidecar vouches: no second request
            assertEquals(1, server.requestsTo("u.h5").size());

            byte[] damaged = body.clone();
            damaged[1000] ^= 1;
            Files.write(p, damaged);
            assertArrayEquals(body, Files.readAllBytes(cache.resolve(tag)));
            assertEquals(2, server.requestsTo("u.h5").size());
            assertTrue(rec.events.stream().anyMatch(e -> e.contains("is corrupt") && e.contains("recorded when it was first cached")),
                    rec.events.toString());
        }
    }

    @Test
    void importRecordsTheFileAndTheOfflineErrorSaysNothingIsPinned() throws Exception {
        URI base = URI.create("http://127.0.0.1:9/");
        WeightTag tag = unpinned(base);
        ModelCache offline = new ModelCache(Fixtures.settings(home, base).withOffline(true), new WeightRegistry(), DownloadListener.none());
        WeightsException missing = assertThrows(WeightsException.class, () -> offline.resolve(tag));
        assertTrue(missing.getMessage().contains("no pinned checksum"), missing.getMessage());

        Path file = home.resolve("u.h5");
        Files.write(file, body);
        Path cached = offline.importFile(tag, file);
        assertEquals(HashAlgorithm.SHA256.hash(file), VerifiedSidecar.recordedHash(cached, HashAlgorithm.SHA256));
        assertEquals(cached, offline.resolve(tag));
    }

    @Test
    void builtInMobileNetTagsAreUnpinnedAtKerasUrls() {
        WeightRegistry reg = WeightRegistry.withBuiltIns();
        WeightTag v1 = reg.get("mobilenet-0.25:imagenet-notop");
        assertEquals(URI.create("https://storage.googleapis.com/tensorflow/keras-applications/mobilenet/mobilenet_2_5_224_tf_no_top.h5"),
                v1.defaultUrl().orElseThrow());
        assertFalse(v1.pinned());
        WeightTag v2 = reg.get("mobilenetv2:imagenet");
        assertEquals(URI.create("https://storage.googleapis.com/tensorflow/keras-applications/mobilenet_v2/"
                + "mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_224.h5"), v2.defaultUrl().orElseThrow());
        assertEquals(Preprocessing.tf(224, 224), v2.preprocessing());
        assertEquals(20, reg.all().stream().filter(t -> t.model().startsWith("mobilenet")).count());
    }
}
