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
 * OMP_NUM_THREADS=2 mvn -q -o -pl samples -am compile exec:java -Dexec.mainClass=io.transfer4j.samples.bench.OnnxBenchmark \
 *     -Dexec.args="--threads 2 --batch 8 --iters 2 --images 200 --epochs 10"
 * </pre>
 *
 * Rates are given per wall-clock second and per CPU-second of this process times the thread count (what the
 * run would reach with its cores to itself — conservative, since spin-waiting threads count as busy).
 */
public final class OnnxBenchmark {
    /** PyTorch 1.13 (Debian), 2 threads, this machine: ResNet50 forward, batch 8 (see docs/dependencies notes). */
    public static final double PYTORCH_RESNET50_FORWARD = 16.6;
    /** PyTorch 1.13, 2 threads, this machine: ResNet50 training step, batch 8. */
    public static final double PYTORCH_RESNET50_TRAIN = 4.8;

    private OnnxBenchmark() {
    }

    /** Settings; {@link #parse} reads them from {@code --name value} arguments. */
    public record Options(int threads, int batch, int iters, int images, int epochs, int naiveEpochs, boolean forward,
                          boolean workflow) {
        public static Options defaults() {
            return new Options(2, 8, 2, 200, 10, 1, true, true);
        }

        static Options parse(String[] args) {
            Options o = defaults();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--no-forward")) {
                    o = new Options(o.threads, o.batch, o.iters, o.images, o.epochs, o.naiveEpochs, false, o.workflow);
                    continue;
                }
                if (a.equals("--no-workflow")) {
                    o = new Options(o.threads, o.batch, o.iters, o.images, o.epochs, o.naiveEpochs, o.forward, false);
                    continue;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("option " + a + " needs a value");
                }
                int v;
                try {
                    v = Integer.parseInt(args[++i]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("option " + a + " takes a whole number, got '" + args[i] + "'");
                }
                if (v < 1) {
                    throw new IllegalArgumentException("option " + a + " must be >= 1, got " + v);
                }
                o = switch (a) {
                    case "--threads" -> new Options(v, o.batch, o.iters, o.images, o.epochs, o.naiveEpochs, o.forward, o.workflow);
                    case "--batch" -> new Options(o.threads, v, o.iters, o.images, o.epochs, o.naiveEpochs, o.forward, o.workflow);
                    case "--iters" -> new Options(o.threads, o.batch, v, o.images, o.epochs, o.naiveEpochs, o.forward, o.workflow);
                    case "--images" -> new Options(o.threads, o.batch, o.iters, v, o.epochs, o.naiveEpochs, o.forward, o.workflow);
                    case "--epochs" -> new Options(o.threads, o.batch, o.iters, o.images, v, o.naiveEpochs, o.forward, o.workflow);
                    case "--naive-epochs" -> new Options(o.threads, o.batch, o.iters, o.images, o.epochs, v, o.forward, o.workflow);
                    default -> throw new IllegalArgumentException("unknown option " + a + "; options: --threads --batch --iters"
                            + " --images --epochs --naive-epochs --no-forward --no-workflow");
                };
            }
            return o;
        }
    }

    /**
     * One measurement: {@code images} processed in {@code wallSeconds}, using {@code cpuSeconds} of process CPU.
     * {@code estimatedSeconds} is the full-workload time when only part of it was run (else = wall).
     */
    public record Row(String section, String what, String engine, int images, double wallSeconds, double cpuSeconds,
                      double estimatedSeconds, String note) {
        public double imagesPerSecond() {
            return images / wallSeconds;
        }

        /** Images per second had the process had {@code threads} cores to itself: images / (CPU-s / threads). */
        public double imagesPerCoreSecond(int threads) {
            return images / (cpuSeconds / threads);
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

    /** A Markdown table of the rows, with the PyTorch comparisons. */
    public static String table(List<Row> rows, Options o) {
        StringBuilder sb = new StringBuilder();
        sb.append("| section | what | engine | images | wall s | img/s (wall) | img/s per ").append(o.threads())
                .append(" cores (CPU time) | vs PyTorch | note |\n|---|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            String vs = "";
            if (r.section().equals("forward") && r.what().startsWith("ResNet50")) {
                vs = String.format(Locale.ROOT, "%.2fx / %.2fx of %.1f img/s", r.imagesPerSecond() / PYTORCH_RESNET50_FORWARD,
                        r.imagesPerCoreSecond(o.threads()) / PYTORCH_RESNET50_FORWARD, PYTORCH_RESNET50_FORWARD);
            } else if (r.section().equals("workflow")) {
                double torch = OnnxFineTuneBench.pytorchNaiveSeconds(o);
                vs = String.format(Locale.ROOT, "%.2fx / %.2fx of %.0f s (est.)", torch / r.estimatedSeconds(),
                        torch / (r.estimatedSeconds() * r.cpuSeconds() / o.threads() / r.wallSeconds()), torch);
            }
            sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %d | %.1f | %.2f | %.2f | %s | %s |%n", r.section(), r.what(),
                    r.engine(), r.images(), r.estimatedSeconds(), r.imagesPerSecond(), r.imagesPerCoreSecond(o.threads()), vs,
                    r.note()));
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
            return new Row(section, what, engine, images, wall, cpuSeconds(), wall, note);
        }

        private static long cpuNanos() {
            // process CPU time: every thread, including OpenMP's and ONNX Runtime's native ones
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        }
    }
}
