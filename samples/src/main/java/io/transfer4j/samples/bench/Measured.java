package io.transfer4j.samples.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One whole process measured by {@code /usr/bin/time}: wall seconds, CPU seconds (user + system, children included)
 * and peak resident memory (the kernel's maximum RSS), with its exit code and combined output.
 */
final class Measured {
    final int exit;
    final double wall;
    final double cpu;
    final long peakMB;
    final String output;

    private Measured(int exit, double wall, double cpu, long peakMB, String output) {
        this.exit = exit;
        this.wall = wall;
        this.cpu = cpu;
        this.peakMB = peakMB;
        this.output = output;
    }

    static Measured run(List<String> command, Path dir, Map<String, String> env) throws IOException, InterruptedException {
        Path times = Files.createTempFile("transfer4j-e2e", ".time");
        Path log = Files.createTempFile("transfer4j-e2e", ".log");
        try {
            List<String> cmd = new ArrayList<>(List.of("/usr/bin/time", "-f", "%e %U %S %M", "-o", times.toString()));
            cmd.addAll(command);
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            pb.environment().putAll(env);
            int exit = pb.start().waitFor();
            String out = Files.readString(log, StandardCharsets.UTF_8);
            String[] t = Files.readString(times).trim().lines().reduce((a, b) -> b).orElse("").split(" ");
            if (t.length < 4) {
                return new Measured(exit, Double.NaN, Double.NaN, -1, out);
            }
            return new Measured(exit, Double.parseDouble(t[0]), Double.parseDouble(t[1]) + Double.parseDouble(t[2]),
                    Long.parseLong(t[3]) / 1024, out);
        } catch (IOException e) {
            throw new IOException("cannot run " + command.get(0) + " under /usr/bin/time (Debian package 'time'): " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(times);
            Files.deleteIfExists(log);
        }
    }

    boolean ok() {
        return exit == 0 && !Double.isNaN(wall);
    }

    /** The lines of the process's "where the time went" table (transfer4j --verbose) or its PHASE lines (PyTorch). */
    List<String> phases() {
        List<String> out = new ArrayList<>();
        boolean in = false;
        for (String line : output.split("\n")) {
            if (line.startsWith("where the time went")) {
                in = true;
                continue;
            }
            if (in) {
                out.add(line);
                in = !line.startsWith("total (process)");
            } else if (line.startsWith("PHASE\t")) {
                String[] f = line.split("\t");
                out.add(String.format(Locale.ROOT, "%-22s %9s", f[1], f[2]));
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return ok() ? String.format(Locale.ROOT, "%.2f s wall, %.2f s CPU, %d MB peak", wall, cpu, peakMB)
                : "FAILED (exit " + exit + "): " + output.lines().filter(l -> l.contains("rror")).findFirst().orElse(
                        output.length() > 300 ? output.substring(output.length() - 300) : output);
    }
}
