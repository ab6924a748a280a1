package io.transfer4j.samples.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One child JVM running a {@link BenchChild} scenario: its results, profile lines, the natives lines ND4J
 * and transfer4j logged, and its peak resident memory read from {@code /proc/<pid>/status} (VmHWM) while
 * it runs.
 */
final class ChildRun {
    final String label;
    final Map<String, List<Double>> results = new LinkedHashMap<>();
    final List<String[]> profile = new ArrayList<>();
    final List<String> nativesLog = new ArrayList<>();
    final List<String> jvmArgs;
    String failure;
    private String lastError;
    long peakRssMB = -1;
    double seconds;

    private ChildRun(String label, List<String> jvmArgs) {
        this.label = label;
        this.jvmArgs = jvmArgs;
    }

    /** Runs {@code BenchChild scenario} in a fresh JVM with the given options, environment and this JVM's class path. */
    static ChildRun run(String label, String scenario, List<String> jvmArgs, Map<String, String> env, long timeoutSeconds) {
        ChildRun r = new ChildRun(label, jvmArgs);
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(BenchChild.class.getName());
        cmd.add(scenario);
        long t0 = System.nanoTime();
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().putAll(env);
            Process p = pb.start();
            Thread poller = new Thread(() -> r.pollPeak(p), "rss-poller");
            poller.setDaemon(true);
            poller.start();
            Thread reader = new Thread(() -> r.read(p), "child-output");
            reader.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                r.failure = "timed out after " + timeoutSeconds + " s";
            }
            reader.join(5000);
            if (r.failure == null && p.exitValue() != 0) {
                r.failure = "exit code " + p.exitValue() + (r.lastError == null ? "" : ": " + r.lastError);
            }
        } catch (IOException e) {
            r.failure = "could not start: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            r.failure = "interrupted";
        }
        r.seconds = (System.nanoTime() - t0) / 1e9;
        List<Double> self = r.results.get("peakRssMB");
        if (self != null) {
            r.peakRssMB = Math.max(r.peakRssMB, self.get(0).longValue());
        }
        return r;
    }

    private void read(Process p) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                String[] f = line.split("\t");
                if (line.startsWith("RESULT\t") && f.length >= 3) {
                    synchronized (this) {
                        results.computeIfAbsent(f[1], k -> new ArrayList<>()).add(Double.parseDouble(f[2]));
                    }
                    System.out.println("  [" + label + "] " + f[1] + " = " + f[2] + (f.length > 3 ? " " + f[3] : ""));
                } else if (line.startsWith("PROFILE\t") && f.length == 4) {
                    profile.add(new String[] {f[1], f[2], f[3]});
                } else if (line.contains("Binary level") || line.contains("transfer4j natives:")) {
                    nativesLog.add(line.substring(line.indexOf(line.contains("Binary") ? "Binary" : "transfer4j")));
                    System.out.println("  [" + label + "] " + nativesLog.get(nativesLog.size() - 1));
                } else if (line.startsWith("Exception") || line.contains("Error:") || line.contains("Exception:")) {
                    lastError = line;
                    System.out.println("  [" + label + "] " + line);
                }
            }
        } catch (IOException e) {
            failure = "reading output: " + e.getMessage();
        }
    }

    /** Polls VmHWM of the child (the kernel's own peak RSS counter) until it exits. */
    private void pollPeak(Process p) {
        Path status = Path.of("/proc", Long.toString(p.pid()), "status");
        while (p.isAlive()) {
            try {
                for (String line : Files.readAllLines(status)) {
                    if (line.startsWith("VmHWM:")) {
                        long mb = Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                        synchronized (this) {
                            peakRssMB = Math.max(peakRssMB, mb);
                        }
                    }
                }
                Thread.sleep(200);
            } catch (IOException | NumberFormatException e) {
                return;   // process gone, or no /proc
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Mean of a result's values (scenarios repeat some measurements in rounds), or NaN if missing. */
    synchronized double mean(String key) {
        List<Double> v = results.get(key);
        return v == null || v.isEmpty() ? Double.NaN : v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }
}
