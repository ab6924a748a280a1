package io.transfer4j.zoo.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.transfer4j.dsl.Network;
import io.transfer4j.zoo.Zoo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * Every array a Keras Applications VGG16 / ResNet50 file holds maps onto the zoo's DSL models. The layer
 * and array lists are written down here from Keras's applications code (vgg16.py, resnet.py), not from our
 * models; the files are written with {@link KerasH5Writer}.
 */
class KerasFullSizeTest {
    @TempDir
    Path dir;

    /**
     * The weights of zoo/src/test/python/make_fullsize_references.py, which computed Keras's ResNet50 on them
     * in numpy: a scaled sine of the flat index, the layer name's character sum and the array index.
     */
    static final KerasH5Writer.Fill FORMULA = (layer, a, shape) -> {
        int seed = layer.chars().sum() % 1000;
        float[] out = new float[Math.toIntExact(java.util.Arrays.stream(shape).reduce(1, (x, y) -> x * y))];
        for (int i = 0; i < out.length; i++) {
            out[i] = formula(layer, seed, a, shape, i);
        }
        return out;
    };

    /** Element {@code i} of {@link #FORMULA}'s array. */
    static float formula(String layer, int a, long[] shape, long i) {
        return formula(layer, layer.chars().sum() % 1000, a, shape, i);
    }

    private static float formula(String layer, int seed, int a, long[] shape, long i) {
        double s = Math.sin(i * 0.7071 + seed + a * 1.3);
        double v;
        if (layer.equals("predictions") && a == 0) {
            v = 30.0 * s;
        } else if (layer.startsWith("fc") && a == 0) {
            v = s * Math.sqrt(2.0 / shape[0]);
        } else if (shape.length == 4 && a == 0) {
            long fanIn = shape[0] * shape[1] * shape[2];
            v = s * Math.sqrt(2.0 / fanIn);
        } else if (layer.endsWith("_bn") && a == 0) {
            v = 1.0 + 0.1 * s;
        } else if (layer.endsWith("_bn") && a == 3) {
            v = 1.0 + 0.5 * Math.abs(s);
        } else {
            v = 0.1 * s;                                                      // biases, beta, moving mean
        }
        return (float) v;
    }

    /** The script's input image, NCHW. */
    static INDArray formulaImage(int size) {
        float[] x = new float[3 * size * size];
        for (int c = 0; c < 3; c++) {
            for (int h = 0; h < size; h++) {
                for (int w = 0; w < size; w++) {
                    x[(c * size + h) * size + w] = (float) (50.0 * Math.sin(0.013 * (h * size + w) + 2.0 * c));
                }
            }
        }
        return Nd4j.create(x, new long[] {1, 3, size, size}, 'c');
    }

    /** Largest |reference[j] - actual[j * stride]| over a JSON array of every stride-th value. */
    private static double worst(JsonNode reference, INDArray actual, int stride) {
        double worst = 0;
        for (int j = 0; j < reference.size(); j++) {
            worst = Math.max(worst, Math.abs(reference.get(j).asDouble() - actual.getDouble(0, (long) j * stride)));
        }
        return worst;
    }

    private static double worstLog(JsonNode reference, INDArray probs) {
        double worst = 0;
        for (int c = 0; c < reference.size(); c++) {
            worst = Math.max(worst, Math.abs(Math.log(reference.get(c).asDouble()) - Math.log(probs.getDouble(0, c))));
        }
        return worst;
    }

    // ---- Keras's layer lists --------------------------------------------------------------------------

    record Spec(String layer, List<KerasH5Writer.Array> arrays) {
    }

    private static KerasH5Writer.Array arr(String name, long... shape) {
        return new KerasH5Writer.Array(name, shape);
    }

    /** keras/applications/vgg16.py, old-style array names as in vgg16_weights_tf_dim_ordering_tf_kernels.h5. */
    static List<Spec> vgg16(int featureRows, boolean top) {
        List<Spec> out = new ArrayList<>();
        out.add(new Spec("input_1", List.of()));
        int[][] blocks = {{64, 64}, {128, 128}, {256, 256, 256}, {512, 512, 512}, {512, 512, 512}};
        int in = 3;
        for (int b = 0; b < blocks.length; b++) {
            for (int c = 0; c < blocks[b].length; c++) {
                String n = "block" + (b + 1) + "_conv" + (c + 1);
                out.add(new Spec(n, List.of(arr(n + "_W_1:0", 3, 3, in, blocks[b][c]), arr(n + "_b_1:0", blocks[b][c]))));
                in = blocks[b][c];
            }
            out.add(new Spec("block" + (b + 1) + "_pool", List.of()));
        }
        if (top) {
            out.add(new Spec("flatten", List.of()));
            out.add(new Spec("fc1", List.of(arr("fc1_W_1:0", featureRows, 4096), arr("fc1_b_1:0", 4096))));
            out.add(new Spec("fc2", List.of(arr("fc2_W_1:0", 4096, 4096), arr("fc2_b_1:0", 4096))));
            out.add(new Spec("predictions", List.of(arr("predictions_W_1:0", 4096, 1000), arr("predictions_b_1:0", 1000))));
        }
        return out;
    }

    /** keras/applications/resnet.py ResNet50 (stack1 / block1), new-style nested names, Keras's layer order. */
    static List<Spec> resnet50() {
        List<Spec> out = new ArrayList<>();
        out.add(new Spec("input_1", List.of()));
        out.add(new Spec("conv1_pad", List.of()));
        conv(out, "conv1_conv", 7, 3, 64);
        bn(out, "conv1_bn", 64);
        out.add(new Spec("conv1_relu", List.of()));
        out.add(new Spec("pool1_pad", List.of()));
        out.add(new Spec("pool1_pool", List.of()));
        int[] blocks = {3, 4, 6, 3};
        int[] filters = {64, 128, 256, 512};
        int in = 64;
        for (int s = 0; s < 4; s++) {
            int f = filters[s];
            for (int b = 1; b <= blocks[s]; b++) {
                String p = "conv" + (s + 2) + "_block" + b + "_";
                conv(out, p + "1_conv", 1, in, f);
                bn(out, p + "1_bn", f);
                out.add(new Spec(p + "1_relu", List.of()));
                conv(out, p + "2_conv", 3, f, f);
                bn(out, p + "2_bn", f);
                out.add(new Spec(p + "2_relu", List.of()));
                if (b == 1) {
                    conv(out, p + "0_conv", 1, in, 4 * f);
                }
                conv(out, p + "3_conv", 1, f, 4 * f);
                if (b == 1) {
                    bn(out, p + "0_bn", 4 * f);
                }
                bn(out, p + "3_bn", 4 * f);
                out.add(new Spec(p + "add", List.of()));
                out.add(new Spec(p + "out", List.of()));
                in = 4 * f;
            }
        }
        out.add(new Spec("avg_pool", List.of()));
        out.add(new Spec("predictions", List.of(arr("predictions/kernel:0", 2048, 1000), arr("predictions/bias:0", 1000))));
        return out;
    }

    /**
     * keras-applications' densenet.py DenseNet121: convolutions without bias, names with '/' for the stem,
     * growth 32, bottleneck 128, compression 0.5, classifier 'fc1000' (tf.keras: 'predictions').
     */
    static List<Spec> densenet121() {
        List<Spec> out = new ArrayList<>();
        out.add(new Spec("input_1", List.of()));
        out.add(new Spec("conv1/conv", List.of(arr("conv1/conv/kernel:0", 7, 7, 3, 64))));
        bn(out, "conv1/bn", 64);
        int c = 64;
        int[] blocks = {6, 12, 24, 16};
        for (int b = 0; b < blocks.length; b++) {
            for (int i = 1; i <= blocks[b]; i++) {
                String p = "conv" + (b + 2) + "_block" + i + "_";
                bn(out, p + "0_bn", c);
                out.add(new Spec(p + "1_conv", List.of(arr(p + "1_conv/kernel:0", 1, 1, c, 128))));
                bn(out, p + "1_bn", 128);
                out.add(new Spec(p + "2_conv", List.of(arr(p + "2_conv/kernel:0", 3, 3, 128, 32))));
                c += 32;
            }
            if (b < blocks.length - 1) {
                String p = "pool" + (b + 2) + "_";
                bn(out, p + "bn", c);
                out.add(new Spec(p + "conv", List.of(arr(p + "conv/kernel:0", 1, 1, c, c / 2))));
                c /= 2;
            }
        }
        bn(out, "bn", c);
        out.add(new Spec("fc1000", List.of(arr("fc1000/kernel:0", c, 1000), arr("fc1000/bias:0", 1000))));
        return out;
    }

    private static void conv(List<Spec> out, String n, int k, int in, int filters) {
        out.add(new Spec(n, List.of(arr(n + "/kernel:0", k, k, in, filters), arr(n + "/bias:0", filters))));
    }

    private static void bn(List<Spec> out, String n, int c) {
        out.add(new Spec(n, List.of(arr(n + "/gamma:0", c), arr(n + "/beta:0", c), arr(n + "/moving_mean:0", c),
                arr(n + "/moving_variance:0", c))));
    }

    private Path write(String name, List<Spec> specs, KerasH5Writer.Fill fill) {
        Path f = dir.resolve(name);
        try (KerasH5Writer w = new KerasH5Writer(f)) {
            specs.forEach(s -> w.layer(s.layer(), s.arrays(), fill));
        }
        return f;
    }

    private static int arrays(List<Spec> specs) {
        return specs.stream().mapToInt(s -> s.arrays().size()).sum();
    }

    // ---- tests --------------------------------------------------------------------------------------

    /** The real 224x224 VGG16 with its top: names and shapes of all 32 arrays (declared, not written). */
    @Test
    void fullSizeVgg16MapsCompletely() {
        List<Spec> specs = vgg16(7 * 7 * 512, true);
        Path f = write("vgg16.h5", specs, null);
        Network vgg = Zoo.vgg16().build();
        LoadReport r = KerasWeightsLoader.check(f, vgg, LoadOptions.strict());
        assertTrue(r.complete(), r::toString);
        assertEquals(16, r.mapped().size());
        assertEquals(32, arrays(specs));
        assertEquals(32, r.arrays());
        assertEquals(LoadMode.BY_NAME, r.mode());
        assertTrue(KerasWeightsLoader.check(f, vgg, LoadOptions.strict().mode(LoadMode.BY_ORDER)).complete());
        Path notop = write("vgg16_notop.h5", vgg16(0, false), null);
        assertTrue(KerasWeightsLoader.check(notop, Zoo.vgg16().includeTop(false).build(), LoadOptions.strict()).complete());
    }

    /** The DenseNet121 file's 606 arrays (declared) map onto the zoo's DenseNet121, the renamed classifier by order. */
    @Test
    void fullSizeDenseNet121MapsCompletely() {
        List<Spec> specs = densenet121();
        Path f = write("densenet121.h5", specs, null);
        LoadReport r = KerasWeightsLoader.check(f, Zoo.model("densenet121").build(), LoadOptions.strict());
        assertTrue(r.complete(), r::toString);
        assertEquals(arrays(specs), r.arrays());
        assertEquals(LoadMode.BY_ORDER, r.mode());
        assertTrue(r.notes().get(0).contains("fc1000 -> predictions"), r::toString);
    }

    /**
     * VGG16 with its top at 64x64 (block5_pool is 2x2x512, so fc1's rows follow a real flatten), values
     * written and loaded, spot-checked through the layouts and compared with Keras's forward pass in numpy.
     */
    @Test
    void vgg16ValuesLandWhereKerasHadThemAndComputeWhatKerasComputes() throws java.io.IOException {
        Path f = write("vgg16_64.h5", vgg16(2 * 2 * 512, true), FORMULA);
        Network vgg = Zoo.vgg16().inputShape(64, 64, 3).build();
        LoadReport r = KerasWeightsLoader.load(f, vgg, LoadOptions.strict());
        assertTrue(r.complete(), r::toString);
        ComputationGraph g = vgg.graph();
        // conv: DL4J W[o, i, y, x] == Keras kernel[y, x, i, o]
        long[] k = {3, 3, 64, 128};
        for (int[] p : new int[][] {{5, 3, 1, 2}, {127, 63, 0, 0}, {0, 0, 2, 1}}) {
            long flat = ((p[2] * k[1] + p[3]) * k[2] + p[1]) * k[3] + p[0];
            assertEquals(formula("block2_conv1", 0, k, flat), g.getLayer("block2_conv1").getParam("W").getFloat(p[0], p[1], p[2], p[3]), 1e-6);
        }
        // fc1 after flatten: DL4J row c*4 + y*2 + x == Keras row (y*2 + x)*512 + c
        long[] fc1 = {2048, 4096};
        for (int[] p : new int[][] {{0, 0, 0, 7}, {511, 1, 1, 4095}, {300, 0, 1, 17}, {7, 1, 0, 1000}}) {
            int c = p[0], y = p[1], x = p[2], u = p[3];
            long kerasFlat = ((long) ((y * 2 + x) * 512 + c)) * 4096 + u;
            assertEquals(formula("fc1", 0, fc1, kerasFlat), g.getLayer("fc1").getParam("W").getFloat(c * 4 + y * 2 + x, u), 1e-6);
        }
        JsonNode ref = new ObjectMapper().readTree(KerasFixtures.file("vgg16_64_formula_reference.json").toFile());
        Map<String, INDArray> acts = g.feedForward(formulaImage(64), false);
        double fc1Diff = worst(ref.get("fc1_every_4th"), acts.get("fc1"), 4);
        double logDiff = worstLog(ref.get("probabilities"), acts.get("predictions"));
        System.out.printf("VGG16 64x64 vs numpy Keras: max |fc1 diff| %.2e, max |log-prob diff| %.2e%n", fc1Diff, logDiff);
        assertTrue(fc1Diff < 1e-4, "fc1 activations differ from Keras's by " + fc1Diff);
        assertTrue(logDiff < 1e-3, "log-probabilities differ from Keras's by " + logDiff);
    }

    /**
     * The full ResNet50: every one of its 320 arrays written with values, loaded strictly, spot-checked, and
     * its forward pass compared with Keras's computed in numpy on the same weights.
     */
    @Test
    void fullSizeResNet50LoadsCompletelyAndComputesWhatKerasComputes() throws java.io.IOException {
        List<Spec> specs = resnet50();
        Path f = write("resnet50.h5", specs, FORMULA);
        Network resnet = Zoo.resnet50().build();
        long t0 = System.nanoTime();
        LoadReport r = KerasWeightsLoader.load(f, resnet, LoadOptions.strict());
        System.out.printf("ResNet50 Keras weights (25.6M values) loaded in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        assertTrue(r.complete(), r::toString);
        assertEquals(107, r.mapped().size());
        assertEquals(320, arrays(specs));
        assertEquals(320, r.arrays());
        // the zoo's ResNet50 also lists its layers in Keras's order, so Keras's own by-order pairing fits too
        assertTrue(KerasWeightsLoader.check(f, resnet, LoadOptions.strict().mode(LoadMode.BY_ORDER)).complete());
        ComputationGraph g = resnet.graph();
        long[] k = {7, 7, 3, 64};
        long flat = ((4 * k[1] + 6) * k[2] + 2) * k[3] + 63;                      // kernel[4, 6, 2, 63]
        assertEquals(formula("conv1_conv", 0, k, flat), g.getLayer("conv1_conv").getParam("W").getFloat(63, 2, 4, 6), 1e-6);
        double var = formula("conv4_block2_3_bn", 3, new long[] {1024}, 1000);
        assertEquals(0.5 * Math.log10(var), g.getLayer("conv4_block2_3_bn").getParam("log10stdev").getDouble(1000), 1e-6);
        // Keras's ResNet50 normalises with epsilon 1.001e-5; the zoo model must too, or every BN output drifts.
        TargetLayer.of(g).stream().filter(t -> t.kind() == TargetLayer.Kind.BATCH_NORM)
                .forEach(t -> assertEquals(1.001e-5, t.eps(), 1e-12, t.name()));

        JsonNode ref = new ObjectMapper().readTree(KerasFixtures.file("resnet50_formula_reference.json").toFile());
        Map<String, INDArray> acts = g.feedForward(formulaImage(224), false);
        double worstFeature = worst(ref.get("features_every_8th"), acts.get("avg_pool"), 8);
        double worstLogProb = worstLog(ref.get("probabilities"), acts.get("predictions"));
        System.out.printf("ResNet50 vs numpy Keras: max |feature diff| %.2e, max |log-prob diff| %.2e%n", worstFeature, worstLogProb);
        assertTrue(worstFeature < 1e-4, "avg_pool features differ from Keras's by " + worstFeature);
        assertTrue(worstLogProb < 1e-3, "log-probabilities differ from Keras's by " + worstLogProb);
    }
}
