package io.transfer4j.zoo.weights;

import io.transfer4j.zoo.Preprocessing;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A separate JVM that resolves one file through {@link ModelCache}: used by the tests that kill a download
 * or run two downloads of the same entry at once. Prints {@code RESOLVED <path>} or {@code FAILED <message>}.
 * Arguments: cache home, mirror base URL, file name, md5.
 */
public final class FetchChild {
    private FetchChild() {
    }

    public static void main(String[] args) {
        URI base = URI.create(args[1]);
        WeightTag tag = WeightTag.builder("test:child").source(new WeightSource("test", base)).path(args[2])
                .hash(HashAlgorithm.MD5, args[3]).format(WeightFormat.KERAS_H5).numClasses(0)
                .preprocessing(Preprocessing.caffe(224, 224)).build();
        CacheSettings settings = new CacheSettings(Path.of(args[0]), false, Map.of("test", base),
                new DownloadOptions(3, Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofMillis(50), Duration.ofMillis(200), 5));
        DownloadListener log = new DownloadListener() {
            @Override
            public void started(URI url, String fileName, long offset, long total) {
                System.out.println("STARTED offset=" + offset);
            }

            @Override
            public void note(String message) {
                System.out.println("NOTE " + message);
            }
        };
        try {
            System.out.println("RESOLVED " + new ModelCache(settings, new WeightRegistry(), log).resolve(tag));
            System.exit(0);
        } catch (RuntimeException e) {
            System.out.println("FAILED " + e.getMessage());
            System.exit(2);
        }
    }

    /** Starts this class in a new JVM with the test class path; output goes to {@code log}. */
    static Process start(Path log, String... args) throws IOException {
        // Surefire's own class path (its manifest-only jar hides the real one from java.class.path).
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-XX:TieredStopAtLevel=1", "-cp", cp, FetchChild.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

}
