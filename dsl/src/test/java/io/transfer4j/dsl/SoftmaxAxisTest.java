package io.transfer4j.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/** Issue 25: softmax() on a feature map normalises the channels at each pixel, forward and backward. */
class SoftmaxAxisTest {

    static {
        Natives.select();   // before the first Nd4j call (SIGILL on AVX2-only CPUs otherwise)
    }

    private static IActivation fnOf(Network net, String layer) {
        return Layers.activationOf(((LayerVertex) net.conf().getVertices().get(layer)).getLayerConf().getLayer());
    }

    /** Softmax over axis 1 of a [n, c, h, w] array, in doubles, written out by hand. */
    private static double[][][][] reference(INDArray x) {
        long[] s = x.shape();
        double[][][][] r = new double[(int) s[0]][(int) s[1]][(int) s[2]][(int) s[3]];
        for (int n = 0; n < s[0]; n++) {
            for (int i = 0; i < s[2]; i++) {
                for (int j = 0; j < s[3]; j++) {
                    double max = Double.NEGATIVE_INFINITY;
                    for (int c = 0; c < s[1]; c++) {
                        max = Math.max(max, x.getDouble(n, c, i, j));
                    }
                    double sum = 0;
                    for (int c = 0; c < s[1]; c++) {
                        sum += Math.exp(x.getDouble(n, c, i, j) - max);
                    }
                    for (int c = 0; c < s[1]; c++) {
                        r[n][c][i][j] = Math.exp(x.getDouble(n, c, i, j) - max) / sum;
                    }
                }
            }
        }
        return r;
    }

    @Test
    void everyPixelsChannelsSumToOneAndMatchAReferenceInTrainingAndInference() {
        Network net = Network.builder("sm").input(3, 4, 5).softmax().build();
        assertEquals(new AxisSoftmax(1), fnOf(net, "softmax1"));
        ComputationGraph g = net.graph();
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 5, 3, 4).subi(0.5).muli(6);
        double[][][][] ref = reference(x);
        for (boolean training : new boolean[] {false, true}) {
            INDArray y = g.outputSingle(training, x.dup());
            INDArray sums = y.sum(1);
            for (int n = 0; n < 2; n++) {
                for (int i = 0; i < 3; i++) {
                    for (int j = 0; j < 4; j++) {
                        assertEquals(1.0, sums.getDouble(n, i, j), 1e-6, "pixel sum, training=" + training);
                        for (int c = 0; c < 5; c++) {
                            assertEquals(ref[n][c][i][j], y.getDouble(n, c, i, j), 1e-6);
                        }
                    }
                }
            }
        }
    }

    @Test
    void backwardPassMatchesFiniteDifferencesOnEveryAxis() {
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 5, 3, 4).subi(0.5).muli(4);
        INDArray w = Nd4j.rand(DataType.DOUBLE, 2, 5, 3, 4).subi(0.5);   // loss = sum(w * softmax(x))
        for (int dim = 1; dim <= 3; dim++) {
            AxisSoftmax fn = new AxisSoftmax(dim);
            INDArray analytic = fn.backprop(x.dup(), w.dup()).getFirst();
            double h = 1e-6;
            for (long i = 0; i < x.length(); i += 7) {
                INDArray plus = x.dup();
                plus.putScalar(i, x.getDouble(i) + h);
                INDArray minus = x.dup();
                minus.putScalar(i, x.getDouble(i) - h);
                double numeric = (fn.getActivation(plus, true).mul(w).sumNumber().doubleValue()
                        - fn.getActivation(minus, true).mul(w).sumNumber().doubleValue()) / (2 * h);
                assertEquals(numeric, analytic.getDouble(i), 1e-7, "d loss / d x[" + i + "], softmax over dimension " + dim);
            }
        }
    }

    @Test
    void aOneByOneConvSoftmaxHeadLearnsAPerPixelTask() {
        // Each pixel's class is the larger of its two input channels: a 1x1 conv can learn it exactly.
        Network net = Network.builder("pixels").seed(3).updater(Updaters.adam(0.1))
                .input(6, 6, 2).conv(2, 1).softmax().loss(LossFunction.MCXENT).build();
        ComputationGraph g = net.graph();
        INDArray x = Nd4j.rand(DataType.FLOAT, 32, 2, 6, 6);
        INDArray cls = x.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(1))
                .gt(x.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(0)))
                .castTo(DataType.FLOAT);
        INDArray labels = Nd4j.concat(1, cls.rsub(1).reshape(32, 1, 6, 6), cls.reshape(32, 1, 6, 6));
        double before = g.score(new DataSet(x, labels));
        for (int i = 0; i < 40; i++) {
            g.fit(new DataSet(x, labels));
        }
        INDArray y = g.outputSingle(x);
        double accuracy = y.argMax(1).castTo(DataType.FLOAT).eq(cls).castTo(DataType.FLOAT).meanNumber().doubleValue();
        assertTrue(accuracy >= 0.95, "per-pixel accuracy " + accuracy + " (loss " + before + " -> " + g.score() + ")");
        assertEquals(1.0, y.sum(1).minNumber().doubleValue(), 1e-5);
    }

    @Test
    void explicitAxesFusedSoftmaxAndVectorsAreWhatTheySay() {
        Network net = Network.builder("axes").input(3, 4, 5)
                .softmax(SoftmaxAxis.WIDTH).name("w")
                .softmax(SoftmaxAxis.HEIGHT).name("h")
                .activation(Activation.SOFTMAX).name("generic")
                .conv(3, 1).act(Activation.SOFTMAX).name("fused")
                .flatten().dense(4).softmax().name("vector").build();
        assertEquals(new AxisSoftmax(3), fnOf(net, "w"));
        assertEquals(new AxisSoftmax(2), fnOf(net, "h"));
        assertEquals(new AxisSoftmax(1), fnOf(net, "generic"));
        assertEquals(new AxisSoftmax(1), fnOf(net, "fused"));
        assertInstanceOf(ActivationSoftmax.class, fnOf(net, "vector"));   // unchanged for vectors (every zoo head)
        // Over the width, the explicit axis computes exactly DL4J's own last-axis softmax.
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 5, 3, 4);
        INDArray ours = new AxisSoftmax(3).getActivation(x.dup(), false);
        INDArray dl4j = new ActivationSoftmax().getActivation(x.dup(), false);
        assertEquals(0.0, ours.sub(dl4j).amaxNumber().doubleValue(), 1e-6);
        String summary = net.summary().toString();
        assertTrue(summary.contains("softmax over channels") && summary.contains("softmax over width")
                && summary.contains("softmax over height"), summary);
        // The axis survives the graph's JSON (saved models).
        ComputationGraphConfiguration again = ComputationGraphConfiguration.fromJson(net.conf().toJson());
        var v = (LayerVertex) again.getVertices().get("h");
        assertEquals(new AxisSoftmax(2), Layers.activationOf(v.getLayerConf().getLayer()));
    }

    @Test
    void anImageAxisOnAVectorNamesTheLayer() {
        ShapeException e = assertThrows(ShapeException.class, () -> Network.builder("bad").inputVector(8)
                .dense(4).softmax(SoftmaxAxis.WIDTH).name("probs").build());
        assertTrue(e.getMessage().contains("probs") && e.getMessage().contains("softmax over width"), e.getMessage());
        IllegalArgumentException rank = assertThrows(IllegalArgumentException.class,
                () -> new AxisSoftmax(3).getActivation(Nd4j.rand(DataType.FLOAT, 2, 4), false));
        assertTrue(rank.getMessage().contains("dimension 3"), rank.getMessage());
    }
}
