package io.transfer4j.samples.cli;

import io.transfer4j.dsl.Natives;
import io.transfer4j.transfer.onnx.Engine;
import io.transfer4j.zoo.weights.CacheSettings;
import io.transfer4j.zoo.weights.EnvironmentProxySelector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.nd4j.shade.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code doctor}: what this installation will use, without loading ND4J or touching the network — Java, the
 * native build chosen for this CPU, ONNX Runtime, a GPU backend, the weight cache, offline mode, mirrors and
 * proxies (never a password: mirror logins are reported by host only).
 */
@Command(name = "doctor", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Java, native build, ONNX Runtime, GPU backend, cache location and size, offline/mirror/proxy settings.")
final class DoctorCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Option(names = "--json", description = "one JSON object: schemaVersion, command, version, java, natives, onnxRuntime, gpuBackend,"
            + " cache{path, bytes, files}, offline, mirrors{source: url}, mirrorLogins, proxy")
    boolean json;

    @Override
    public Integer call() {
        CacheSettings s = CacheSettings.fromEnvironment();
        Map<String, String> mirrors = new TreeMap<>();
        s.mirrors().forEach((k, v) -> mirrors.put(k, v.toString()));
        long[] cache = sizeOf(s.modelsDir());
        ObjectNode o = JsonOutput.start("doctor");
        o.put("version", BuildVersion.get());
        o.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ", " + System.getProperty("java.home") + ")");
        o.put("natives", Natives.select().toString());
        o.put("onnxRuntime", Engine.onnxRuntimeAvailable());
        o.put("gpuBackend", onClasspath("org.nd4j.linalg.jcublas.JCublasBackend"));
        o.putObject("cache").put("path", s.modelsDir().toString()).put("bytes", cache[0]).put("files", cache[1]);
        o.put("offline", s.offline());
        ObjectNode m = o.putObject("mirrors");
        mirrors.forEach(m::put);
        o.put("mirrorLogins", s.credentials().toString());
        o.put("proxy", EnvironmentProxySelector.fromEnvironment().describe());
        var out = spec.commandLine().getOut();
        if (json) {
            JsonOutput.print(out, o);
            return 0;
        }
        out.printf("transfer4j   %s%n", o.get("version").asText());
        out.printf("java         %s%n", o.get("java").asText());
        out.printf("natives      %s%n", o.get("natives").asText());
        out.printf("onnxruntime  %s%n", Engine.onnxRuntimeAvailable() ? "present (predict --engine onnx)" : "absent");
        out.printf("gpu backend  %s%n", o.get("gpuBackend").asBoolean() ? "nd4j-cuda present" : "absent (CPU only)");
        out.printf(Locale.ROOT, "cache        %s (%.1f MB in %d files)%n", s.modelsDir(), cache[0] / 1e6, cache[1]);
        out.printf("offline      %s%n", s.offline());
        out.printf("mirrors      %s%n", mirrors.isEmpty() ? "none (sources' own URLs)" : mirrors);
        out.printf("logins       %s%n", s.credentials());
        out.printf("proxy        %s%n", o.get("proxy").asText());
        return 0;
    }

    private static boolean onClasspath(String className) {
        try {
            Class.forName(className, false, DoctorCommand.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** Bytes and regular files under {@code dir} (0, 0 when it does not exist yet). */
    private static long[] sizeOf(Path dir) {
        if (!Files.isDirectory(dir)) {
            return new long[] {0, 0};
        }
        try (Stream<Path> files = Files.walk(dir)) {
            long[] r = new long[2];
            files.filter(Files::isRegularFile).forEach(f -> {
                r[0] += f.toFile().length();
                r[1]++;
            });
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the cache " + dir + ": " + e.getMessage(), e);
        }
    }
}
