package io.transfer4j.samples.bench;

import io.transfer4j.dsl.Network;
import io.transfer4j.dsl.Shape;
import io.transfer4j.transfer.TransferModel;
import io.transfer4j.transfer.onnx.Engine;
import io.transfer4j.zoo.Preprocessing;
import io.transfer4j.zoo.Zoo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Issue 29's benchmark: an ONNX import (by default torchvision's resnet50, random weights, exported by
 * {@code samples/src/test/python/export_torchvision.py} at 224×224) next to the zoo's own ResNet50 — time to import
 * vs to build, and forward speed on DL4J and on ONNX Runtime (export included in its set-up time), same batch and
 * threads, in one JVM. Prints a Markdown table with the machine's load average.
 *
 * <pre>
 * mvn -B -q -o compile dependency:build-classpath -pl samples -am -Dmdep.outputFile=/tmp/cp.txt
 * OMP_NUM_THREADS=2 java -Xmx2g -Dorg.bytedeco.javacpp.maxphysicalbytes=7g -cp samples/target/classes:$(cat /tmp/cp.txt) \
 *     io.transfer4j.samples.bench.ImportBench [--onnx FILE] [--batch 8] [--iters 3]
 * </pre>
 */
public final class ImportBench {
    private ImportBench() {
    }

    public static void main(String[] args) throws Exception {
        java.util.Map<String, String> a = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i], args[i + 1]);
        }
        int batch = Integer.parseInt(a.getOrDefault("--batch", "8"));
        int iters = Integer.parseInt(a.getOrDefault("--iters", "3"));
        Path onnx = a.containsKey("--onnx") ? Path.of(a.get("--onnx")) : exportResnet50();
        if (onnx == null) {
            return;
        }
        Network.builder("warmup");
        Path cache = Files.createTempDirectory("import-bench");
        INDArray x = Nd4j.rand(DataType.FLOAT, batch, 3, 224, 224);
        StringBuilder table = new StringBuilder("| model | set-up | set-up wall s | set-up CPU s | DL4J img/s wall (CPU) | ORT export+load s | ORT img/s wall (CPU) |\n|---|---|---|---|---|---|---|\n");

        long w0 = System.nanoTime();
        long c0 = Timing.processCpuNanos();
        TransferModel imported = TransferModel.fromOnnx(onnx, Preprocessing.torch(224, 224));
        row(table, "imported " + onnx.getFileName() + " (" + imported.graph().numParams() + " params)", "OnnxImport", w0, c0,
                imported.graph(), imported.inputShapes(), x, batch, iters, cache);

        w0 = System.nanoTime();
        c0 = Timing.processCpuNanos();
        Network zoo = Zoo.resnet50().build();
        row(table, "zoo resnet50 (" + zoo.graph().numParams() + " params)", "build, random weights", w0, c0, zoo.graph(), zoo.inputShapes(),
                x, batch, iters, cache);
        double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        System.out.printf(Locale.ROOT, "%nbatch %d, %d timed batches after 1 warm-up, OMP_NUM_THREADS=%s, load average %.1f at the end%n%n%s",
                batch, iters, System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"), load, table);
    }

    private static void row(StringBuilder table, String model, String setup, long w0, long c0, ComputationGraph g, List<Shape> shapes,
                            INDArray x, int batch, int iters, Path cache) {
        double setupWall = (System.nanoTime() - w0) / 1e9;
        double setupCpu = (Timing.processCpuNanos() - c0) / 1e9;
        Timing.Rate dl4j = Timing.imagesPerSecond(1, iters, batch, () -> g.outputSingle(false, x));
        long e0 = System.nanoTime();
        try (Engine ort = Engine.create(Engine.Kind.ONNX_RUNTIME, g, shapes, null, cache)) {
            double exportLoad = (System.nanoTime() - e0) / 1e9;
            Timing.Rate r = Timing.imagesPerSecond(1, iters, batch, () -> ort.output(x));
            table.append(String.format(Locale.ROOT, "| %s | %s | %.1f | %.1f | %.2f (%.2f) | %.1f | %.2f (%.2f) |%n", model, setup, setupWall, setupCpu,
                    dl4j.wall(), dl4j.cpu(), exportLoad, r.wall(), r.cpu()));
        }
        System.out.println("measured " + model);
    }

    /** torchvision resnet50 with random weights exported to a temporary folder, or null (with a message) without PyTorch. */
    private static Path exportResnet50() throws Exception {
        String python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
        Path dir = Files.createTempDirectory("import-bench-onnx");
        Process p = new ProcessBuilder(python, "samples/src/test/python/export_torchvision.py", dir.toString(), "224", "resnet50")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            System.out.println("cannot export torchvision resnet50 (needs python3-torch and python3-torchvision; run from the repository root),"
                    + " or pass --onnx FILE:\n" + out);
            return null;
        }
        System.out.print(out);
        return dir.resolve("resnet50.onnx");
    }
}
