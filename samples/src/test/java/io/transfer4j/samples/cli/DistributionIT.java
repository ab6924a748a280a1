package io.transfer4j.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution built by {@code mvn package} (run by failsafe after it: {@code mvn -pl samples -am verify}): the
 * tar.gz unpacks and {@code bin/transfer4j} runs with nothing but {@code JAVA_HOME} (no Maven, no checkout, no java
 * on the PATH): --version, summary lenet5, predict on a tiny model, run a script; the zip holds the same files.
 */
class DistributionIT {
    @TempDir
    Path dir;

    private final Path target = Path.of(System.getProperty("transfer4j.dist.dir", "target"));
    private final String version = System.getProperty("transfer4j.dist.version", "0.1.0-SNAPSHOT");

    record Run(int code, String out) {
    }

    private Run run(Path home, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(home.resolve("bin/transfer4j").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).directory(dir.toFile());
        Map<String, String> env = pb.environment();
        env.clear();                                   // JAVA_HOME only (and the shell tools' PATH, without java)
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("PATH", "/usr/bin:/bin");
        env.put("TRANSFER4J_HOME", dir.resolve("t4j-home").toString());
        env.put("TRANSFER4J_OFFLINE", "true");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "transfer4j " + String.join(" ", args) + " did not end");
        return new Run(p.exitValue(), out);
    }

    @Test
    void unpackedArchiveRunsWithJavaHomeOnly() throws Exception {
        Path tgz = target.resolve("transfer4j-cli-" + version + ".tar.gz");
        Path zip = target.resolve("transfer4j-cli-" + version + ".zip");
        assertTrue(Files.isRegularFile(tgz) && Files.isRegularFile(zip), "mvn package builds both archives in " + target);
        Process tar = new ProcessBuilder("tar", "xzf", tgz.toString(), "-C", dir.toString()).inheritIO().start();
        assertEquals(0, tar.waitFor());
        Path home = dir.resolve("transfer4j-cli-" + version);
        assertTrue(Files.isExecutable(home.resolve("bin/transfer4j")));
        try (var libs = Files.list(home.resolve("lib"))) {
            List<String> names = libs.map(p -> p.getFileName().toString()).toList();
            assertTrue(names.contains("transfer4j-samples-" + version + ".jar"), names.toString());
            assertTrue(names.contains("nd4j-native-1.0.0-M2.1-linux-x86_64-avx2.jar"), names.toString());
            assertTrue(names.stream().noneMatch(n -> n.matches(".*-(windows|macosx|android|ios|linux-arm64|linux-armhf|linux-ppc64le)[-.].*")),
                    "only linux-x86_64 natives: " + names);
            assertTrue(names.stream().noneMatch(n -> n.startsWith("junit-")), "no test libraries: " + names);
        }
        try (ZipFile z = new ZipFile(zip.toFile())) {
            assertTrue(z.getEntry("transfer4j-cli-" + version + "/bin/transfer4j") != null, "zip has the launcher");
        }

        Run v = run(home, "--version");
        assertEquals(0, v.code(), v.out());
        assertTrue(v.out().startsWith("transfer4j " + version), v.out());

        Run s = run(home, "summary", "lenet5");
        assertEquals(0, s.code(), s.out());
        assertTrue(s.out().contains("total"), s.out());

        Path model = PredictEvaluateTest.tinyModel(dir);
        Path data = PredictEvaluateTest.tinyImages(dir);
        Run p = run(home, "predict", "--model", model.toString(), "--json", data.resolve("dark/0.png").toString());
        assertEquals(0, p.code(), p.out());
        assertTrue(p.out().contains("\"command\":\"predict\""), p.out());

        Path script = dir.resolve("hello.kts");       // the scripting host finds transfer4j on the lib/* classpath
        Files.writeString(script, "println(\"lenet5 input \" + Zoo.info(\"lenet5\").inputShape() + \" \" + args.joinToString())\n");
        Run k = run(home, "run", script.toString(), "--", "a");
        assertEquals(0, k.code(), k.out());
        assertTrue(k.out().contains("lenet5 input 32x32x1 a"), k.out());
    }
}
