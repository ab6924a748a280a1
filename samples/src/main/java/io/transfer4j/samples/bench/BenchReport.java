package io.transfer4j.samples.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Turns the child runs into the comparison table and {@code BENCHMARKS.md}. Everything below
 * {@link #NOTES_MARKER} in an existing file is hand-written analysis and is carried over unchanged.
 */
final class BenchReport {
    static final String NOTES_MARKER = "<!-- hand-written notes below: kept when the harness rewrites this file -->";
    static final String COMMAND = "mvn -B -q -o compile dependency:build-classpath -pl samples -am "
            + "-Dmdep.outputFile=target/bench.cp && java -cp samples/target/classes:$(cat samples/target/bench.cp) "
            + "io.transfer4j.samples.bench.BenchMain BENCHMARKS.md";

    private final List<ChildRun> runs;
    private final double minutes;

    BenchReport(List<ChildRun> runs, double minutes) {
        this.runs = runs;
        this.minutes = minutes;
    }

    private ChildRun run(String label) {
        return runs.stream().filter(r -> r.label.equals(label)).findFirst().orElseThrow();
    }

    private double v(String label, String key) {
        return run(label).mean(key);
    }

    /** The comparison table (markdown), also printed to the console. */
    String table() {
        StringBuilder t = new StringBuilder();
        t.append("| comparison | baseline (wall) | candidate (wall) | candidate / baseline (wall) | candidate / baseline (CPU time) |\n|---|---|---|---|---|\n");
        rate(t, "lab CNN train, batch 32 (hand-written DL4J vs DSL)", "labcnn", "labcnn.dl4j.train", "labcnn", "labcnn.dsl.train");
        rate(t, "lab CNN inference, batch 32 (hand-written vs DSL)", "labcnn", "labcnn.dl4j.infer", "labcnn", "labcnn.dsl.infer");
        rate(t, "ResNet50 inference, batch 4 (DL4J zoo vs transfer4j zoo)", "resnet50", "resnet50.dl4j.infer", "resnet50", "resnet50.dsl.infer");
        rate(t, "ResNet50 train step, batch 4 (DL4J zoo vs transfer4j zoo)", "resnet50", "resnet50.dl4j.train", "resnet50", "resnet50.dsl.train");
        double gDl4j = v("resnet50", "resnet50.dl4j.gflop");
        double gDsl = v("resnet50", "resnet50.dsl.gflop");
        t.append(String.format(Locale.ROOT, "| ResNet50 inference, GFLOP per CPU-second (DL4J zoo %s GFLOP/img vs transfer4j zoo %s GFLOP/img) | %s | %s | | %s |%n",
                fmt(gDl4j), fmt(gDsl), fmt(gDl4j * v("resnet50", "resnet50.dl4j.infer.cpu")), fmt(gDsl * v("resnet50", "resnet50.dsl.infer.cpu")),
                ratio(gDsl * v("resnet50", "resnet50.dsl.infer.cpu") / (gDl4j * v("resnet50", "resnet50.dl4j.infer.cpu")))));
        String gen = level(v("natives-generic", "natives.binaryLevel"));
        String cho = level(v("natives-chosen", "natives.binaryLevel"));
        rate(t, "ResNet50 inference, batch 4 (natives " + gen + " vs chosen " + cho + ")", "natives-generic", "natives.resnet50.infer", "natives-chosen", "natives.resnet50.infer");
        rate(t, "lab CNN train, batch 32 (natives " + gen + " vs chosen " + cho + ")", "natives-generic", "natives.labcnn.train", "natives-chosen", "natives.labcnn.train");
        rate(t, "ResNet50 inference, batch 4 (plain vs BN folded, " + (int) v("bnfold", "bnfold.folded") + " BNs, max |diff| "
                + String.format(Locale.ROOT, "%.1e", v("bnfold", "bnfold.maxAbsDiff")) + ")", "bnfold", "bnfold.plain.infer", "bnfold", "bnfold.folded.infer");
        rate(t, "conv-BN stack 64x64 inference, batch 8 (NCHW vs NHWC)", "layout", "layout.nchw.infer", "layout", "layout.nhwc.infer");
        rate(t, "conv-BN stack 64x64 train, batch 8 (NCHW vs NHWC)", "layout", "layout.nchw.train", "layout", "layout.nhwc.train");
        rate(t, "conv-BN stack inference (workspaces NONE vs ENABLED)", "layout", "ws.none.infer", "layout", "layout.nchw.infer");
        rate(t, "conv-BN stack train (workspaces NONE vs ENABLED)", "layout", "ws.none.train", "layout", "layout.nchw.train");
        ChildRun fz = run("vgg16-frozen");
        ChildRun fu = run("vgg16-full");
        ChildRun fm = run("vgg16-full-micro");
        t.append(String.format(Locale.ROOT, "| VGG16 fine-tuning, batch 16, peak RSS under a 6 GB cap: frozen trunk vs fully trainable (`fit`) | %s | %s | | |%n",
                mem(fz), mem(fu)));
        t.append(String.format(Locale.ROOT, "| VGG16 fully trainable, batch 16, peak RSS: `fit` vs 4 micro-batches of 4 (Trainer, `microBatches(4)`) | %s | %s | | |%n",
                mem(fu), mem(fm)));
        rate(t, "VGG16 train step, batch 16 (frozen trunk vs fully trainable in 4 micro-batches)", "vgg16-frozen", "vgg16.train", "vgg16-full-micro", "vgg16.train");
        ChildRun h = run("headtrain");
        double naive = h.mean("headtrain.naive.seconds");
        double cached = h.mean("headtrain.cached.seconds");
        t.append(String.format(Locale.ROOT, "| %d head epochs on a frozen ResNet50 (%d images %dx%d): DL4J TransferLearning + fit (naive) vs "
                        + "transfer4j Trainer with cached features, total time | %s s | %s s | %s | |%n",
                (int) h.mean("headtrain.epochs"), (int) h.mean("headtrain.images"), (int) h.mean("headtrain.size"), (int) h.mean("headtrain.size"),
                fmt(naive), fmt(cached), h.failure != null ? "FAILED (" + h.failure + ")" : ratio(naive / cached) + " faster"));
        return t.toString();
    }

    private static String mem(ChildRun r) {
        return r.failure != null ? "FAILED (" + r.failure + ")" : r.peakRssMB + " MB (" + fmt(r.mean("vgg16.trainableParams") / 1e6) + " M trainable)";
    }

    /** A throughput row: wall-clock figures and ratio, plus the ratio of CPU-time-based rates. */
    private void rate(StringBuilder t, String what, String labelA, String keyA, String labelB, String keyB) {
        double a = v(labelA, keyA);
        double b = v(labelB, keyB);
        double ratioCpu = v(labelB, keyB + ".cpu") / v(labelA, keyA + ".cpu");
        t.append("| ").append(what).append(" | ").append(fmt(a)).append(" img/s | ").append(fmt(b)).append(" img/s | ")
                .append(ratio(b / a)).append(" | ").append(ratio(ratioCpu)).append(" |\n");
    }

    private static String ratio(double r) {
        return Double.isNaN(r) || Double.isInfinite(r) ? "-" : fmt(r) + "x";
    }

    static String fmt(double d) {
        if (Double.isNaN(d)) {
            return "n/a";
        }
        return d >= 100 ? String.format(Locale.ROOT, "%.0f", d) : String.format(Locale.ROOT, "%.2f", d);
    }

    /** ND4J's binary level numbers (NativeOps.binaryLevel) as CpuNDArrayFactory.cpuBinaryLevelToName names them. */
    static String level(double l) {
        return switch ((int) l) {
            case 2 -> "avx2";
            case 3 -> "avx512";
            default -> Double.isNaN(l) ? "n/a" : "generic";
        };
    }

    private String profileSection() {
        StringBuilder s = new StringBuilder();
        ChildRun p = run("profile");
        for (String net : List.of("labcnn", "resnet50")) {
            s.append(String.format(Locale.ROOT, "%n%s training step (DSL graph), %.0f stack samples every 5 ms:%n%n| where | share |%n|---|---|%n",
                    net, p.mean("profile." + net + ".samples")));
            for (String[] row : p.profile) {
                if (row[0].equals(net)) {
                    s.append("| ").append(row[1]).append(" | ")
                            .append(String.format(Locale.ROOT, "%.1f %%", 100 * Double.parseDouble(row[2]))).append(" |\n");
                }
            }
        }
        return s.toString();
    }

    private String machine() {
        String model = "unknown";
        String mem = "unknown";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    model = line.substring(line.indexOf(':') + 1).trim();
                    break;
                }
            }
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal")) {
                    mem = (Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024 / 1024) + " GB";
                }
            }
        } catch (IOException | NumberFormatException e) {
            // keep "unknown"
        }
        return "- CPU: " + model + ", " + Runtime.getRuntime().availableProcessors() + " cores visible to the JVM, RAM " + mem + "\n"
                + "- Java " + System.getProperty("java.version") + ", DL4J/ND4J 1.0.0-M2.1, javacpp 1.5.7\n"
                + "- Date: " + ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")) + "\n";
    }

    private String runsSection() {
        StringBuilder s = new StringBuilder("| child JVM | options | wall time | peak RSS (VmHWM) | natives | status |\n|---|---|---|---|---|---|\n");
        for (ChildRun r : runs) {
            s.append(String.format(Locale.ROOT, "| %s | `%s` | %.0f s | %d MB | %s | %s |%n", r.label, String.join(" ", r.jvmArgs),
                    r.seconds, r.peakRssMB, String.join("; ", r.nativesLog), r.failure == null ? "ok" : r.failure));
        }
        return s.toString();
    }

    /** Writes the report atomically, keeping the hand-written notes of an existing file. */
    void write(Path out) throws IOException {
        String notes = "";
        if (Files.exists(out)) {
            String old = Files.readString(out, StandardCharsets.UTF_8);
            int i = old.indexOf(NOTES_MARKER);
            if (i >= 0) {
                notes = old.substring(i + NOTES_MARKER.length());
            }
        }
        String md = "# transfer4j benchmarks\n\n"
                + "Written by `io.transfer4j.samples.bench.BenchMain` (samples module). Reproduce with:\n\n```\n" + COMMAND + "\n```\n\n"
                + "## Machine\n\n" + machine()
                + String.format(Locale.ROOT, "- Full run: %.1f minutes. One run; this machine's 2 cores are shared with other "
                        + "jobs, so absolute figures are noisy: read the ratios, each taken within one run (same JVM where possible, "
                        + "interleaved rounds).%n%n", minutes)
                + "## Results\n\nThroughput is images per second from the median step after warm-up; random data, so no data loading "
                + "is timed. Each scenario runs in its own JVM with `OMP_NUM_THREADS=1`; the scenarios of a wave run at the same "
                + "time. The last column compares images per CPU-second of the process, which does not depend on how much of "
                + "the machine other jobs took: read that one first.\n\n" + table()
                + "\n## Child JVMs\n\n" + runsSection()
                + "\n## Where a training step spends its time\n" + profileSection()
                + "\n" + NOTES_MARKER + notes;
        if (!md.endsWith("\n")) {
            md += "\n";
        }
        Path tmp = Files.createTempFile(out.toAbsolutePath().getParent(), ".benchmarks", ".md");
        Files.writeString(tmp, md, StandardCharsets.UTF_8);
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
