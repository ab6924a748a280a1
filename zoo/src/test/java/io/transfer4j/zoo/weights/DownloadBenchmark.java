package io.transfer4j.zoo.weights;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Prints download and verification throughput from a 127.0.0.1 server (not a test: run it by hand).
 * {@code java -cp <test classpath> io.transfer4j.zoo.weights.DownloadBenchmark [megabytes]}
 */
public final class DownloadBenchmark {
    private DownloadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int mb = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        byte[] body = Fixtures.bytes(mb << 20, 1);
        Path home = Files.createTempDirectory("t4j-bench");
        try (TestServer server = new TestServer().on("big.h5", TestServer.file(body))) {
            WeightTag tag = Fixtures.tag("big.h5", server.base(), body);
            ModelCache cache = Fixtures.cache(home, server.base(), DownloadListener.none());
            long t0 = System.nanoTime();
            Path p = cache.resolve(tag);
            long t1 = System.nanoTime();
            cache.resolve(tag);                          // sidecar hit
            long t2 = System.nanoTime();
            String md5 = HashAlgorithm.MD5.hash(p);      // what a run without the sidecar pays
            long t3 = System.nanoTime();
            String adler = HashAlgorithm.ADLER32.hash(p);
            long t4 = System.nanoTime();
            System.out.printf("%d MB: download+verify %.0f MB/s, cached resolve %.1f ms, md5 %.0f MB/s, adler32 %.0f MB/s (%s %s)%n", mb,
                    mb / ((t1 - t0) / 1e9), (t2 - t1) / 1e6, mb / ((t3 - t2) / 1e9), mb / ((t4 - t3) / 1e9), md5.substring(0, 6), adler);
            Files.delete(p);
        }
    }
}
