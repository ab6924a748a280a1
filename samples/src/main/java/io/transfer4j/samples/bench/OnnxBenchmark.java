package io.transfer4j.samples.bench;

import io.transfer4j.dsl.Network;
import io.transfer4j.transfer.onnx.Engine;
import io.transfer4j.zoo.ModelBuilder;
import io.transfer4j.zoo.Zoo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J vs ONNX Runtime in one JVM, same threads and batch: ResNet50 and VGG16 forward passes, then the
 * frozen-trunk fine-tune workflow ({@link OnnxFineTuneBench}), compared with PyTorch 1.13 measured on this
 * machine. Prints a Markdown table; {@link #run} returns the rows for a harness that writes its own report.
 *
 * <pre>
 * mvn -B -q -o compile dependency:build-classpath -pl samples -am -Dmdep.outputFile=/tmp/cp.txt
 * OMP_NUM_THREADS=2 java -Xmx2g -Dorg.bytedeco.javacpp.maxbytes=4g -Dorg.bytedeco.javacpp.maxphysicalbytes=7g \
 *     -cp samples/target/classes:$(cat /tmp/cp.txt) io.transfer4j.samples.bench.OnnxBenchmark \
 *     --threads 2 --batch 8 --iters 2 --images 200 --epochs 10 --naive-epochs 1 --dl4j-images 64
 * </pre>
 *
 * A harness can call {@link #run} with {@link Options#defaults()} and format {@link #table} itself.
 *
 * Rates are given per wall-clock second and per CPU-second of this process times the thread count (what the
 * run would reach with its cores to itself — conservative, since spin-waiting threads count as busy).
 */
public final class OnnxBenchmark {
    /** PyTorch 1.13 (Debian), 2 threads, this machine (figures of issue 11): ResNet50 forward, batch 8. */
    public static final double PYTORCH_RESNET50_FORWARD = 16.6;
    /** PyTorch 1.13, 2 threads, this machine: ResNet50 training step, batch 8. */
    public static final double PYTORCH_RESNET50_TRAIN = 4.8;

    private OnnxBenchmark() {
    }

    /** Settings; {@link #parse} reads them from {@code --name value} arguments. */
    public record Options(int threads, int batch, int iters, int images, int epochs, int naiveEpochs, int dl4jImages,
                          boolean forward, boolean workflow) {
        /** 2 threads, batch 8, 2 timed batches; workflow 200 images x 10 epochs, DL4J runs on 64 of them, naive 1 epoch. */
        public static Options defaults() {
            return new Options(2, 8, 2, 200, 10, 1, 64, true, true);
        }

        static Options parse(String[] args) {
            java.util.Map<String, Integer> v = new java.util.LinkedHashMap<>();
            Options d = defaults();
            v.put("--threads", d.threads);
            v.put("--batch", d.batch);
            v.put("--iters", d.iters);
            v.put("--images", d.images);
            v.put("--epochs", d.epochs);
            v.put("--naive-epochs", d.naiveEpochs);
            v.put("--dl4j-images", d.dl4jImages);
            boolean forward = true;
            boolean workflow = true;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--no-forward") || a.equals("--no-workflow")) {
                    forward &= !a.equals("--no-forward");
                    workflow &= !a.equals("--no-workflow");
                    continue;
                }
                if (!v.containsKey(a)) {
                    throw new IllegalArgumentException("unknown option " + a + "; options: " + v.keySet() + " --no-forward --no-workflow");
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("option " + a + " needs a value");
                }
                try {
                    v.put(a, Integer.parseInt(args[++i]));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("option " + a + " takes a whole number, got '" + args[i] + "'");
                }
                if (v.get(a) < 1) {
                    throw new IllegalArgumentException("option " + a + " must be >= 1, got " + v.get(a));
                }
            }
            return new Options(v.get("--threads"), v.get("--batch"), v.get("--iters"), v.get("--images"), v.get("--epochs"),
                    v.get("--naive-epochs"), Math.min(v.get("--dl4j-images"), v.get("--images")), forward, workflow);
        }
    }

    /**
     * One measurement: {@code images} processed in {@code wallSeconds}, using {@code cpuSeconds} of process CPU.
     * When only part of a workload ran, {@code scale} (> 1) turns the measured times into the full workload's.
     */
    public record Row(String section, String what, String engine, int images, double wallSeconds, double cpuSeconds,
                      double scale, String note) {
        public double imagesPerSecond() {
            return images / wallSeconds;
        }

        /** Images per second had the process had {@code threads} cores to itself: images / (CPU-s / threads). */
        public double imagesPerCoreSecond(int threads) {
            return images / coreSeconds(threads);
        }

        /** CPU seconds spread over {@code threads} cores: the wall time on an otherwise idle machine, at best. */
        public double coreSeconds(int threads) {
            return cpuSeconds / threads;
        }
    }

    public static void main(String[] args) {
        Options o = Options.parse(args);
        List<Row> rows = run(o);
        System.out.println();
        System.out.println(table(rows, o));
    }

    /** Runs the selected parts and returns their rows (also logged as they come). */
    public static List<Row> run(Options o) {
        Nd4j.getEnvironment().setMaxThreads(o.threads());
        int cores = Runtime.getRuntime().availableProcessors();
        if (cores != o.threads()) {
            System.out.printf("note: ONNX Runtime uses one intra-op thread per core (%d here), DL4J %d threads%n", cores, o.threads());
        }
        Path cache = tempDir();
        List<Row> rows = new ArrayList<>();
        if (o.forward()) {
            rows.addAll(forward("ResNet50", Zoo::resnet50, o, cache));
            rows.addAll(forward("VGG16", Zoo::vgg16, o, cache));
        }
        if (o.workflow()) {
            System.gc(); // frees the forward section's models (off-heap ND4J memory goes with their Java objects)
            rows.addAll(OnnxFineTuneBench.run(o, cache));
        }
        return rows;
    }

    /** DL4J and ORT forward passes of a full zoo model (random weights, 224x224x3, 1000 classes). */
    static List<Row> forward(String name, Supplier<ModelBuilder> model, Options o, Path cache) {
        Network net = model.get().build();
        ComputationGraph g = net.graph();
        Nd4j.getRandom().setSeed(1);
        INDArray x = Nd4j.rand(DataType.FLOAT, o.batch(), 3, 224, 224).muli(2).subi(1);
        List<Row> rows = new ArrayList<>();
        INDArray reference = null;
        for (Engine.Kind kind : List.of(Engine.Kind.DL4J, Engine.Kind.ONNX_RUNTIME)) {
            Stopwatch setup = Stopwatch.start();
            try (Engine e = Engine.create(kind, g, net.inputShapes(), null, cache)) {
                double setupSeconds = setup.wallSeconds();
                INDArray first = e.output(x); // warm-up (also the agreement check)
                String note = String.format(Locale.ROOT, "setup %.1f s", setupSeconds);
                if (reference == null) {
                    reference = first.dup();
                } else {
                    double rel = reference.sub(first).amaxNumber().doubleValue() / reference.amaxNumber().doubleValue();
                    note += String.format(Locale.ROOT, " (export + session); max rel. diff vs DL4J %.1e", rel);
                }
                Stopwatch t = Stopwatch.start();
                for (int i = 0; i < o.iters(); i++) {
                    e.output(x);
                }
                Row r = t.row("forward", name + " batch " + o.batch(), kind.name(), o.iters() * o.batch(), note);
                log(r, o);
                rows.add(r);
            }
        }
        return rows;
    }

    /** A Markdown table of the rows, with the PyTorch comparisons (wall-clock / CPU-time based). */
    public static String table(List<Row> rows, Options o) {
        int n = o.threads();
        StringBuilder sb = new StringBuilder();
        sb.append("| section | what | engine | images | wall s | CPU s / ").append(n).append(" | img/s wall | img/s per ").append(n)
                .append(" cores | vs PyTorch (wall / CPU) | note |\n|---|---|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            String vs = "";
            if (r.section().equals("forward") && r.what().startsWith("ResNet50")) {
                vs = String.format(Locale.ROOT, "%.2fx / %.2fx of %.1f img/s", r.imagesPerSecond() / PYTORCH_RESNET50_FORWARD,
                        r.imagesPerCoreSecond(n) / PYTORCH_RESNET50_FORWARD, PYTORCH_RESNET50_FORWARD);
            } else if (r.section().equals("workflow")) {
                double torch = OnnxFineTuneBench.pytorchNaiveSeconds(o);
                vs = String.format(Locale.ROOT, "%.2fx / %.2fx the speed of %.0f s (est.)", torch / (r.wallSeconds() * r.scale()),
                        torch / (r.coreSeconds(n) * r.scale()), torch);
            }
            String times = r.section().equals("workflow")
                    ? String.format(Locale.ROOT, "%.1f | %.1f", r.wallSeconds() * r.scale(), r.coreSeconds(n) * r.scale())
                    : String.format(Locale.ROOT, "%.1f | %.1f", r.wallSeconds(), r.coreSeconds(n));
            sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %d | %s | %.2f | %.2f | %s | %s |%n", r.section(), r.what(),
                    r.engine(), r.images(), times, r.imagesPerSecond(), r.imagesPerCoreSecond(n), vs, r.note()));
        }
        return sb.toString();
    }

    static void log(Row r, Options o) {
        System.out.printf(Locale.ROOT, "%-9s %-34s %-13s %5d images %8.1f s wall %8.1f s CPU  %7.2f img/s  %7.2f img/s per %d cores  %s%n",
                r.section(), r.what(), r.engine(), r.images(), r.wallSeconds(), r.cpuSeconds(), r.imagesPerSecond(),
                r.imagesPerCoreSecond(o.threads()), o.threads(), r.note());
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("onnx-bench");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for the exported models: " + e.getMessage(), e);
        }
    }

    /** Wall-clock and process CPU time since {@link #start}. */
    record Stopwatch(long wall0, long cpu0) {
        static Stopwatch start() {
            return new Stopwatch(System.nanoTime(), cpuNanos());
        }

        double wallSeconds() {
            return (System.nanoTime() - wall0) / 1e9;
        }

        double cpuSeconds() {
            return (cpuNanos() - cpu0) / 1e9;
        }

        Row row(String section, String what, String engine, int images, String note) {
            double wall = wallSeconds();
            return new Row(section, what, engine, images, wall, cpuSeconds(), 1, note);
        }

        private static long cpuNanos() {
            // process CPU time: every thread, including OpenMP's and ONNX Runtime's native ones
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        }
    }
}
