package io.transfer4j.samples.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * What waiting threads cost on a busy machine (BENCHMARKS.md, issue 17's second pass): {@code head} trains a
 * 2048 -> dropout -> 5 head on 140 cached feature rows (batch 8, 10 epochs = 180 steps, as a fine-tune's cached head
 * does) three times; run it with and without {@code OMP_WAIT_POLICY=PASSIVE} in the environment. {@code ort FILE}
 * runs an exported trunk on 40 images (batch 8) with ONNX Runtime's thread spinning on, off, on, off. Wall and
 * process CPU seconds per round.
 *
 * <pre>
 * OMP_WAIT_POLICY=PASSIVE java -cp ... io.transfer4j.samples.bench.ThreadWaitProbe head
 * java -Xss32m -cp ... io.transfer4j.samples.bench.ThreadWaitProbe ort /tmp/transfer4j-onnx/trunk-....onnx
 * </pre>
 */
public final class ThreadWaitProbe {
    private ThreadWaitProbe() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 1 && args[0].equals("ort")) {
            ort(args[1]);
        } else {
            head();
        }
    }

    private static void head() {
        var conf = new NeuralNetConfiguration.Builder().seed(1).updater(new Adam(1e-3)).graphBuilder().addInputs("in")
                .addLayer("drop", new DropoutLayer.Builder(0.5).build(), "in")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(2048).nOut(5)
                        .activation(Activation.SOFTMAX).build(), "drop")
                .setOutputs("out").build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        INDArray x = Nd4j.rand(140, 2048);
        INDArray y = Nd4j.zeros(140, 5);
        for (int i = 0; i < 140; i++) {
            y.putScalar(i, i % 5, 1);
        }
        for (int round = 1; round <= 3; round++) {
            long w0 = System.nanoTime();
            long c0 = Timing.processCpuNanos();
            for (int e = 0; e < 10; e++) {
                for (int i = 0; i < 140; i += 8) {
                    int[] rows = IntStream.range(i, Math.min(140, i + 8)).toArray();
                    g.fit(new DataSet(Nd4j.pullRows(x, 1, rows), Nd4j.pullRows(y, 1, rows)));
                    g.score();
                }
            }
            print("head, 180 steps, OMP_WAIT_POLICY=" + System.getenv("OMP_WAIT_POLICY"), round, w0, c0);
        }
    }

    private static void ort(String file) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        float[] x = new float[8 * 3 * 224 * 224];
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextFloat() * 100;
        }
        int round = 0;
        for (String spin : new String[] {"1", "0", "1", "0"}) {
            try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
                opts.setIntraOpNumThreads(Runtime.getRuntime().availableProcessors());
                opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
                opts.addConfigEntry("session.intra_op.allow_spinning", spin);
                try (OrtSession s = env.createSession(file, opts)) {
                    String in = s.getInputNames().iterator().next();
                    long w0 = System.nanoTime();
                    long c0 = Timing.processCpuNanos();
                    for (int b = 0; b < 5; b++) {
                        try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {8, 3, 224, 224});
                             OrtSession.Result ignored = s.run(Map.of(in, t))) {
                            // output unused: only the time counts
                        }
                    }
                    print("ONNX Runtime, 40 images, allow_spinning=" + spin, ++round, w0, c0);
                }
            }
        }
    }

    private static void print(String what, int round, long wall0, long cpu0) {
        System.out.printf(Locale.ROOT, "%s, round %d: %.2f s wall, %.2f s CPU%n", what, round, (System.nanoTime() - wall0) / 1e9,
                (Timing.processCpuNanos() - cpu0) / 1e9);
    }
}
