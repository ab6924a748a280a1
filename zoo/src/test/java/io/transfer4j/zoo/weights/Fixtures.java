package io.transfer4j.zoo.weights;

import io.transfer4j.zoo.Preprocessing;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

/** Shared helpers: test files, tags served by a {@link TestServer}, fast download bounds. */
final class Fixtures {
    private Fixtures() {
    }

    /** Short bounds so fault tests stay fast: 3 attempts, 1 s idle, 10-40 ms backoff. */
    static final DownloadOptions FAST = new DownloadOptions(3, Duration.ofSeconds(2), Duration.ofMillis(1000),
            Duration.ofMillis(10), Duration.ofMillis(40), 5);

    static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static String md5(byte[] b) {
        Hasher h = HashAlgorithm.MD5.newHasher();
        h.update(b, 0, b.length);
        return h.value();
    }

    /** A tag of source "test" whose file {@code name} is served at {@code base}. */
    static WeightTag tag(String name, URI base, byte[] content) {
        return WeightTag.builder("test:" + name.replace('.', '-')).source(new WeightSource("test", base)).path(name)
                .hash(HashAlgorithm.MD5, md5(content)).format(WeightFormat.KERAS_H5).includeTop(false).numClasses(0)
                .preprocessing(Preprocessing.caffe(224, 224)).labels("imagenet").build();
    }

    /** Settings with {@code base} configured explicitly as the plain-HTTP mirror of source "test". */
    static CacheSettings settings(Path home, URI base) {
        return new CacheSettings(home, false, Map.of("test", base), FAST);
    }

    static ModelCache cache(Path home, URI base, DownloadListener l) {
        return new ModelCache(settings(home, base), new WeightRegistry(), l);
    }

    /** Records listener events as strings. */
    static final class Recorder implements DownloadListener {
        final List<String> events = new CopyOnWriteArrayList<>();
        final List<Long> progress = new CopyOnWriteArrayList<>();

        @Override
        public void started(URI url, String fileName, long offset, long total) {
            events.add("started " + fileName + " offset=" + offset + " total=" + total);
        }

        @Override
        public void progress(long bytes) {
            progress.add(bytes);
        }

        @Override
        public void retrying(int failedAttempts, Duration wait, String reason) {
            events.add("retrying " + failedAttempts + ": " + reason);
        }

        @Override
        public void note(String message) {
            events.add("note " + message);
        }

        long count(String prefix) {
            return events.stream().filter(e -> e.startsWith(prefix)).count();
        }
    }
}
