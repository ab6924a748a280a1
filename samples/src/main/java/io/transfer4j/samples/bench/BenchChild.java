package io.transfer4j.samples.bench;

import io.transfer4j.dsl.BatchNormFolding;
import io.transfer4j.transfer.train.EarlyStopping;
import io.transfer4j.transfer.train.FeatureCaching;
import io.transfer4j.transfer.train.Trainer;
import io.transfer4j.transfer.train.TrainingConfig;
import io.transfer4j.zoo.Zoo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * One benchmark scenario in its own JVM (the native build is fixed per JVM). Prints
 * {@code RESULT<TAB>key<TAB>value<TAB>unit} and {@code PROFILE<TAB>net<TAB>bucket<TAB>share} lines for
 * {@link BenchMain}. Run by BenchMain; by hand: {@code java -cp ... BenchChild labcnn}.
 */
public final class BenchChild {
    static final int BATCH = 4;   // ResNet50; 8 did not fit the time budget on the loaded machine
    static final int LAB_BATCH = 32;

    private BenchChild() {
    }

    public static void main(String[] args) throws Exception {
        String scenario = args.length == 0 ? "" : args[0];
        switch (scenario) {
            case "labcnn" -> labCnn();
            case "resnet50" -> resnet50();
            case "natives" -> natives();
            case "bnfold" -> bnFold();
            case "layout" -> layout();
            case "vgg16-frozen" -> vgg16(true);
            case "vgg16-full" -> vgg16(false);
            case "vgg16-full-micro" -> vgg16Micro(4);
            case "profile" -> profile();
            case "headtrain" -> headTraining();
            default -> throw new IllegalArgumentException("unknown scenario '" + scenario + "'; use one of labcnn, "
                    + "resnet50, natives, bnfold, layout, vgg16-frozen, vgg16-full, vgg16-full-micro, profile, headtrain");
        }
        result("peakRssMB", peakRssMB(), "MB");
        System.out.flush();
        System.exit(0);   // ND4J leaves non-daemon threads behind
    }

    static void result(String key, Object value, String unit) {
        System.out.println("RESULT\t" + key + "\t" + value + "\t" + unit);
    }

    /** Prints a rate as two results: {@code key} (wall clock) and {@code key.cpu} (from process CPU time). */
    static void result(String key, Timing.Rate r) {
        result(key, r.wall(), "img/s");
        result(key + ".cpu", r.cpu(), "img/s");
    }

    static Timing.Rate infer(ComputationGraph g, INDArray x, int warmup, int iters) {
        return Timing.imagesPerSecond(warmup, iters, (int) x.size(0), () -> g.outputSingle(false, x));
    }

    static Timing.Rate train(ComputationGraph g, INDArray x, INDArray y, int warmup, int iters) {
        return Timing.imagesPerSecond(warmup, iters, (int) x.size(0), () -> g.fit(new INDArray[] {x}, new INDArray[] {y}));
    }

    /** DSL vs hand-written lab CNN, interleaved in two rounds so drift in machine load hits both alike. */
    static void labCnn() {
        ComputationGraph dsl = Models.labCnnDsl();
        ComputationGraph dl4j = Models.labCnnDl4j();
        check(dsl.numParams() == dl4j.numParams(), "lab CNN parameter counts differ: " + dsl.numParams() + " vs " + dl4j.numParams());
        INDArray x = Models.images(LAB_BATCH, 1, 28, 28);
        INDArray y = Models.labels(LAB_BATCH, 10);
        for (int round = 0; round < 2; round++) {
            result("labcnn.dsl.train", train(dsl, x, y, 2, 5));
            result("labcnn.dl4j.train", train(dl4j, x, y, 2, 5));
            result("labcnn.dsl.infer", infer(dsl, x, 2, 5));
            result("labcnn.dl4j.infer", infer(dl4j, x, 2, 5));
        }
    }

    /** transfer4j's zoo ResNet50 (DSL) vs DL4J's hand-written zoo ResNet50. */
    static void resnet50() {
        INDArray x = Models.images(BATCH, 3, 224, 224);
        INDArray y = Models.labels(BATCH, 1000);
        ComputationGraph dsl = Models.resnet50Dsl();
        ComputationGraph dl4j = Models.resnet50Dl4j();
        result("resnet50.dsl.params", dsl.numParams(), "");
        result("resnet50.dl4j.params", dl4j.numParams(), "");
        // Same parameter count, but DL4J's zoo graph downsamples more (its last stage runs at 4x4, Keras's at
        // 7x7), so it does less work per image: compare GFLOP per second too.
        result("resnet50.dsl.gflop", Flops.forwardGflop(dsl, 224, 224, 3), "GFLOP/img");
        result("resnet50.dl4j.gflop", Flops.forwardGflop(dl4j, 224, 224, 3), "GFLOP/img");
        // Interleaved so that a change in the machine's load hits both alike.
        result("resnet50.dsl.infer", infer(dsl, x, 1, 2));
        result("resnet50.dl4j.infer", infer(dl4j, x, 1, 2));
        result("resnet50.dsl.train", train(dsl, x, y, 1, 1));
        result("resnet50.dl4j.train", train(dl4j, x, y, 1, 1));
    }

    /** Throughput with whatever build this JVM loaded (BenchMain runs it once per build). */
    static void natives() {
        Nd4j.create(1);   // initialises the backend; NativeOpsHolder needs it
        var ops = NativeOpsHolder.getInstance().getDeviceNativeOps();
        result("natives.binaryLevel", ops.binaryLevel(), "");
        // -Dbench.batch / -Dbench.iters: dependencies.md's protocol (batch 8, 2 threads) on an idle machine;
        // -Dbench.transferOnly=true measures only what a transfer run still does on DL4J (below).
        int batch = Integer.getInteger("bench.batch", BATCH);
        int iters = Integer.getInteger("bench.iters", 2);
        if (!Boolean.getBoolean("bench.transferOnly")) {
            ComputationGraph lab = Models.labCnnDl4j();
            result("natives.labcnn.train", train(lab, Models.images(LAB_BATCH, 1, 28, 28), Models.labels(LAB_BATCH, 10), 2, 6));
            ComputationGraph r = Models.resnet50Dl4j();
            result("natives.resnet50.infer", infer(r, Models.images(batch, 3, 224, 224), 1, iters));
            if (Boolean.getBoolean("bench.train")) {
                result("natives.resnet50.train", train(r, Models.images(batch, 3, 224, 224), Models.labels(batch, 1000), 1, iters));
            }
        }
        // What still runs on DL4J in a transfer run (issue 28): a head step on cached 2048-wide features, and a
        // partial fine-tuning step of the zoo ResNet50 frozen up to conv4_block6_out (conv5 + head train).
        ComputationGraph head = io.transfer4j.dsl.Network.builder("head").inputVector(2048).dense(256).relu().output(5)
                .build().graph();
        result("natives.head.train", train(head, Nd4j.rand(64, 2048), Models.labels(64, 5), 5, 50));
        ComputationGraph partial = new TransferLearning.GraphBuilder(Models.resnet50Dsl())
                .fineTuneConfiguration(new FineTuneConfiguration.Builder().updater(new Adam(1e-4)).build())
                .setFeatureExtractor("conv4_block6_out").build();
        result("natives.resnet50.partial.train",
                train(partial, Models.images(batch, 3, 224, 224), Models.labels(batch, 1000), 1, iters));
    }

    /** zoo ResNet50 inference with BN folded into the convolutions vs plain. */
    static void bnFold() {
        ComputationGraph plain = Models.resnet50Dsl();
        BatchNormFolding.Result folded = BatchNormFolding.foldWithReport(plain);
        result("bnfold.folded", folded.foldedIntoConv().size(), "BN layers");
        INDArray x = Models.images(BATCH, 3, 224, 224);
        INDArray a = plain.outputSingle(false, x);
        INDArray b = folded.graph().outputSingle(false, x);
        result("bnfold.maxAbsDiff", a.sub(b).amaxNumber().doubleValue(), "");
        result("bnfold.plain.infer", infer(plain, x, 0, 2));
        result("bnfold.folded.infer", infer(folded.graph(), x, 0, 2));
        result("bnfold.plain.infer", infer(plain, x, 0, 1));
    }

    /** NCHW vs NHWC and workspaces ENABLED vs NONE on the same conv-BN stack. */
    static void layout() {
        int n = BATCH;
        INDArray nchw = Models.images(n, 3, 64, 64);
        INDArray nhwc = nchw.permute(0, 2, 3, 1).dup();
        INDArray y = Models.labels(n, 10);
        ComputationGraph cf = Models.convStack(CNN2DFormat.NCHW, WorkspaceMode.ENABLED);
        ComputationGraph cl = Models.convStack(CNN2DFormat.NHWC, WorkspaceMode.ENABLED);
        ComputationGraph none = Models.convStack(CNN2DFormat.NCHW, WorkspaceMode.NONE);
        for (int round = 0; round < 2; round++) {
            result("layout.nchw.infer", infer(cf, nchw, 1, 4));
            result("layout.nhwc.infer", infer(cl, nhwc, 1, 4));
            result("layout.nchw.train", train(cf, nchw, y, 1, 4));
            result("layout.nhwc.train", train(cl, nhwc, y, 1, 4));
            result("ws.none.infer", infer(none, nchw, 1, 4));
            result("ws.none.train", train(none, nchw, y, 1, 4));
        }
    }

    /** A few VGG16 training steps at batch 16, trunk frozen or fully trainable; BenchMain reads peak RSS. */
    static void vgg16(boolean frozen) {
        int batch = 16;
        if (!frozen) {
            // Plain fit needs over 8 GB here; on a shared machine stop at the 6 GB budget instead of pushing
            // other jobs towards the kernel's OOM killer (javacpp's own cap only sees its own allocations).
            budgetWatchdog(6144);
        }
        ComputationGraph g = Zoo.vgg16().numClasses(10).build().graph();
        if (frozen) {
            g = new TransferLearning.GraphBuilder(g)
                    .fineTuneConfiguration(new FineTuneConfiguration.Builder().updater(new Adam(1e-4)).build())
                    .setFeatureExtractor("block5_pool")
                    .build();
        }
        result("vgg16.trainableParams", trainable(g), "");
        INDArray x = Models.images(batch, 3, 224, 224);
        INDArray y = Models.labels(batch, 10);
        // One step: the first fit allocates parameters' gradients, updater state and workspaces, i.e. the peak.
        result("vgg16.train", train(g, x, y, 0, 1));
    }

    /**
     * Fully trainable VGG16, batch 16 as {@code parts} micro-batches with summed gradients (one update), through
     * the Trainer ({@code microBatches(parts)}) as a user would run it, with validation, early stopping and a
     * checkpoint (in a temporary directory, deleted after); stopped at the same 6 GB budget as plain fit.
     */
    static void vgg16Micro(int parts) throws IOException {
        budgetWatchdog(6144);
        ComputationGraph g = Zoo.vgg16().numClasses(10).build().graph();
        result("vgg16.trainableParams", trainable(g), "");
        DataSet batch = new DataSet(Models.images(16, 3, 224, 224), Models.labels(16, 10));
        DataSet validation = new DataSet(Models.images(32, 3, 224, 224), Models.labels(32, 10));
        Path checkpoints = Files.createTempDirectory("vgg16-micro");
        try {
            TrainingConfig config = TrainingConfig.builder(1).batchSize(16).microBatches(parts).progressBar(false)
                    .featureCaching(FeatureCaching.OFF).earlyStopping(EarlyStopping.onValidationAccuracy(1))
                    .checkpointDir(checkpoints).build();
            result("vgg16.train", Timing.imagesPerSecond(0, 1, 16, () -> new Trainer(g, config).fit(batch, validation)));
            result("vgg16.checkpointMB", Files.size(checkpoints.resolve("checkpoint.zip")) >> 20, "MB");
        } finally {
            try (var files = Files.walk(checkpoints)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    static long trainable(ComputationGraph g) {
        long n = 0;
        for (org.deeplearning4j.nn.api.Layer l : g.getLayers()) {
            if (!(l instanceof org.deeplearning4j.nn.layers.FrozenLayer)) {
                n += l.numParams();
            }
        }
        return n;
    }

    /** The ttrain helper's benchmark: 10 head epochs on a frozen ResNet50, DL4J naive vs cached features. */
    static void headTraining() {
        HeadTrainingBenchmark.Result r = HeadTrainingBenchmark.run(64, 64, 10, 16);
        result("headtrain.naive.seconds", r.naiveSeconds(), "s");
        result("headtrain.cached.seconds", r.cachedSeconds(), "s");
        result("headtrain.images", r.images(), "");
        result("headtrain.size", r.size(), "");
        result("headtrain.epochs", r.epochs(), "");
    }

    /** Where a training step spends its time: stack sampling of the lab CNN and of ResNet50. */
    static void profile() {
        ComputationGraph lab = Models.labCnnDsl();
        INDArray x = Models.images(LAB_BATCH, 1, 28, 28);
        INDArray y = Models.labels(LAB_BATCH, 10);
        train(lab, x, y, 3, 1);
        sample("labcnn", () -> train(lab, x, y, 0, 20));
        ComputationGraph r = Models.resnet50Dsl();
        INDArray rx = Models.images(BATCH, 3, 224, 224);
        INDArray ry = Models.labels(BATCH, 1000);
        r.fit(new INDArray[] {rx}, new INDArray[] {ry});   // warm-up: workspaces, updater state
        sample("resnet50", () -> train(r, rx, ry, 0, 1));
    }

    static void sample(String net, Runnable work) {
        StackSampler s = StackSampler.start(Thread.currentThread(), 5);
        work.run();
        int samples = s.samples();
        Map<String, Double> shares = s.stop();
        result("profile." + net + ".samples", samples, "");
        shares.entrySet().stream().limit(12).forEach(e ->
                System.out.println("PROFILE\t" + net + "\t" + e.getKey() + "\t" + e.getValue()));
    }

    static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalStateException(message);
        }
    }

    /** Exits (code 3) as soon as this process's resident memory exceeds {@code budgetMB}. */
    static void budgetWatchdog(long budgetMB) {
        Thread t = new Thread(() -> {
            while (true) {
                long rss = status("VmRSS:");
                if (rss > budgetMB) {
                    System.out.println("RESULT\tvgg16.overBudgetMB\t" + rss + "\tMB");
                    System.out.println("Error: over the " + budgetMB + " MB budget: resident memory " + rss + " MB");
                    System.out.flush();
                    Runtime.getRuntime().halt(3);
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "memory-budget");
        t.setDaemon(true);
        t.start();
    }

    /** A /proc/self/status field in MB, or -1. */
    static long status(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** VmHWM of this process (peak resident set), in MB; -1 if /proc is unavailable. */
    static long peakRssMB() {
        return status("VmHWM:");
    }
}
