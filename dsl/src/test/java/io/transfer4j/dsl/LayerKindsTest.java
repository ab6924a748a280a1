package io.transfer4j.dsl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** Every layer kind and option builds, agrees with DL4J's shape inference, runs forward and computes what it should. */
class LayerKindsTest {

    @Test
    void everyKindInOneNetworkBuildsAndRunsForward() {
        Network net = Network.builder("all").input(17, 19, 3)
                .zeroPad(1, 2, 3, 4)
                .conv(4, 3).stride(2).same().act(Activation.RELU)
                .conv(4, 3).dilation(2).same().noBias().act(new ActivationLReLU(0.2))
                .conv(4, 1, 3).pad(0)
                .batchNorm().eps(1.001e-5).elu()
                .depthwiseConv(3, 2).same()
                .depthwiseConv(3, 1).dilation(2).same()
                .separableConv(6, 3).same().noBias().relu()
                .separableConv(6, 3).dilation(2).stride(2).pad(2)
                .transposedConv(5, 2).stride(2).act(Activation.TANH)
                .transposedConv(5, 3).stride(2).same().noBias()
                .lrn().leakyRelu(0.1).sigmoid().tanh().identity()
                .maxPool(3).stride(2).same()
                .avgPool(2).pad(1)
                .dropout(0.3)
                .globalMaxPool()
                .dense(8).act(Activation.SIGMOID).batchNorm().dropout(0.5)
                .dense(6).noBias().softmax()
                .regression(2)
                .build();
        ShapeChecks.assertDl4jInferenceAgrees(net);
        ShapeChecks.assertForwardAgrees(net, 2);
        assertEquals(Shape.flat(2), net.outputShape());
    }

    @Test
    void batchNormMomentumSetsDl4jDecayKerasDefaultOtherwise() {
        Network net = Network.builder("bn").input(4, 4, 1).conv(2, 1).batchNorm().name("bn_torch").momentum(0.9)
                .batchNorm().name("bn_keras").output(2).build();
        assertEquals(0.9, ((org.deeplearning4j.nn.conf.layers.BatchNormalization) net.graph().getLayer("bn_torch").conf().getLayer()).getDecay());
        assertEquals(0.99, ((org.deeplearning4j.nn.conf.layers.BatchNormalization) net.graph().getLayer("bn_keras").conf().getLayer()).getDecay());
    }

    @Test
    void flattenGlobalAvgPoolAndOutputHead() {
        Network net = Network.builder("heads").input(6, 6, 2).conv(3, 3).globalAvgPool().name("gap")
                .from("conv1").flatten().dense(4).relu().output(3).build();
        ShapeChecks.assertDl4jInferenceAgrees(net);
        ShapeChecks.assertForwardAgrees(net, 3);
        INDArray p = net.graph().outputSingle(Nd4j.rand(DataType.FLOAT, 3, 2, 6, 6));
        assertArrayEquals(new float[] {1, 1, 1}, p.sum(1).toFloatVector(), 1e-5f);
        assertEquals(Shape.flat(3), net.shapeOf("gap"));
    }

    @Test
    void activationsComputeTheirFormulas() {
        float[] x = {-2f, -0.5f, 0f, 1.5f};
        Map<String, double[]> expected = Map.of(
                "relu1", new double[] {0, 0, 0, 1.5},
                "leaky_relu1", new double[] {-0.2, -0.05, 0, 1.5},
                "elu1", new double[] {Math.exp(-2) - 1, Math.exp(-0.5) - 1, 0, 1.5},
                "sigmoid1", new double[] {sig(-2), sig(-0.5), 0.5, sig(1.5)},
                "tanh1", new double[] {Math.tanh(-2), Math.tanh(-0.5), 0, Math.tanh(1.5)},
                "identity1", new double[] {-2, -0.5, 0, 1.5},
                "softmax1", softmax(x));
        NetworkBuilder b = Network.builder("acts").inputVector(4);
        b.relu().from("input").leakyRelu(0.1).from("input").elu().from("input").sigmoid()
                .from("input").tanh().from("input").identity().from("input").softmax();
        Network net = b.outputs(expected.keySet().toArray(String[]::new)).build();
        Map<String, INDArray> acts = net.graph().feedForward(Nd4j.createFromArray(new float[][] {x}), false);
        expected.forEach((name, want) -> {
            double[] got = acts.get(name).castTo(DataType.DOUBLE).reshape(4).toDoubleVector();
            assertArrayEquals(want, got, 1e-5, name);
        });
    }

    /**
     * Inference leaves the caller's input and every shared intermediate untouched (DL4J's own activation layer
     * works in place; see {@link CopyingActivationLayer}): each kind is run as one of two siblings of the input.
     */
    @Test
    void inferenceNeverOverwritesAnInputSharedWithASibling() {
        List<java.util.function.UnaryOperator<NetworkBuilder>> kinds = List.of(
                b -> b.relu(), b -> b.leakyRelu(0.1), b -> b.elu(), b -> b.sigmoid(), b -> b.tanh(), b -> b.softmax(),
                b -> b.identity(), b -> b.dropout(0.5), b -> b.batchNorm(), b -> b.lrn(), b -> b.zeroPad(1),
                b -> b.maxPool(2), b -> b.avgPool(2), b -> b.globalAvgPool(), b -> b.globalMaxPool(), b -> b.flatten(),
                b -> b.conv(3, 1).act(Activation.RELU), b -> b.depthwiseConv(1, 1), b -> b.separableConv(3, 1),
                b -> b.transposedConv(3, 1), b -> b.dense(3).act(Activation.RELU));
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 4, 4).subi(0.5);
        for (var kind : kinds) {
            NetworkBuilder b = kind.apply(Network.builder("k").input(4, 4, 3));
            String layer = b.last();
            Network net = b.from("input").flatten().name("sibling").outputs(layer, "sibling").build();
            INDArray in = x.dup();
            INDArray[] out = net.graph().output(in);
            assertEquals(x, in, layer + " changed the caller's input");
            assertEquals(x.reshape(2, 48), out[1], layer + " changed what its sibling saw");
        }
    }

    private static double sig(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    private static double[] softmax(float[] x) {
        double sum = 0;
        double[] e = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            e[i] = Math.exp(x[i]);
            sum += e[i];
        }
        for (int i = 0; i < x.length; i++) {
            e[i] /= sum;
        }
        return e;
    }

    /** {@code dropout(rate)} drops {@code rate} of the units in training (Keras's convention) and scales the rest. */
    @Test
    void dropoutRateIsTheFractionDropped() {
        Network net = Network.builder("drop").seed(5).inputVector(20_000).dropout(0.25).build();
        INDArray ones = Nd4j.ones(DataType.FLOAT, 1, 20_000);
        INDArray train = net.graph().feedForward(ones, true).get("dropout1");
        double dropped = train.eq(0).castTo(DataType.DOUBLE).meanNumber().doubleValue();
        assertEquals(0.25, dropped, 0.02);
        assertEquals(1 / 0.75, train.maxNumber().doubleValue(), 1e-5);
        assertEquals(ones, net.graph().outputSingle(ones), "no dropout at inference");
    }

    @Test
    void zeroPaddingPutsRowsAndColumnsWhereAsked() {
        Network net = Network.builder("pad").input(1, 1, 1).zeroPad(1, 0, 2, 1).build();
        assertEquals(Shape.image(2, 4, 1), net.outputShape());
        INDArray y = net.graph().outputSingle(Nd4j.ones(DataType.FLOAT, 1, 1, 1, 1));
        assertArrayEquals(new float[] {0, 0, 0, 0, 0, 0, 1, 0}, y.reshape(-1).toFloatVector());
    }

    @Test
    void globalPoolingAveragesAndMaximisesPerChannel() {
        Network net = Network.builder("gp").input(2, 2, 2).globalAvgPool().from("input").globalMaxPool()
                .outputs("global_avg_pool1", "global_max_pool1").build();
        INDArray x = Nd4j.createFromArray(new float[] {1, 2, 3, 6, -1, -2, -3, -4}).reshape(1, 2, 2, 2);
        INDArray[] out = net.graph().output(x);
        assertArrayEquals(new float[] {3, -2.5f}, out[0].reshape(-1).toFloatVector(), 1e-6f);
        assertArrayEquals(new float[] {6, -1}, out[1].reshape(-1).toFloatVector(), 1e-6f);
    }

    @Test
    void noBiasLeavesNoBiasParameter() {
        ComputationGraph g = Network.builder("nb").input(5, 5, 2).conv(3, 3).noBias().separableConv(2, 1).noBias()
                .transposedConv(2, 2).noBias().flatten().dense(4).noBias().build().graph();
        assertTrue(g.paramTable().keySet().stream().noneMatch(k -> k.endsWith("_b")), g.paramTable().keySet().toString());
        INDArray zeros = Nd4j.zeros(DataType.FLOAT, 1, 2, 5, 5);
        assertEquals(0.0, g.outputSingle(zeros).amaxNumber().doubleValue(), 0.0, "no bias: zero in, zero out");
    }

    @Test
    void regressionHeadLearnsALinearFunction() {
        Network net = Network.builder("reg").seed(1).updater(Updaters.adam(0.05)).inputVector(3).regression(1).build();
        INDArray x = Nd4j.rand(DataType.FLOAT, 64, 3);
        INDArray y = x.mmul(Nd4j.createFromArray(new float[][] {{1f}, {-2f}, {0.5f}})).addi(0.3);
        DataSet ds = new DataSet(x, y);
        ComputationGraph g = net.graph();
        double before = g.score(ds);
        for (int i = 0; i < 100; i++) {
            g.fit(ds);
        }
        assertTrue(g.score(ds) < before / 10, "MSE " + before + " -> " + g.score(ds));
    }
}
