package io.transfer4j.transfer.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.transfer4j.dsl.Network;
import io.transfer4j.dsl.Updaters;
import io.transfer4j.transfer.TransferModel;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** Issue 18: Grad-CAM's gradient is right, and its heatmap finds evidence where it is. */
class GradCamTest {
    private static final int SIZE = 24;
    private static final int SQUARE = 6;

    @Test
    void gradientMatchesFiniteDifferencesThroughPoolFlattenDenseAndAFrozenLayer() {
        Network net = Network.builder("tiny").seed(5).input(6, 6, 2).conv(3, 3).same().act(Activation.TANH).name("c")
                .maxPool(2).flatten().dense(4).act(Activation.TANH).name("d").output(3).build();
        ComputationGraph g = net.graph().convertDataType(DataType.DOUBLE);
        TransferModel m = TransferModel.from(g, net.inputShapes().get(0)).freeze("d");
        GradCam cam = GradCam.of(m);
        assertEquals("c", cam.layer());
        INDArray a = Nd4j.rand(DataType.DOUBLE, 1, 3, 6, 6).subi(0.5);
        for (int cls = 0; cls < 3; cls++) {
            int c = cls;
            FiniteDifferences.check(x -> cam.scores(x).getDouble(0, c), a, cam.gradient(a, cls), 5, 1e-6, "class " + cls);
        }
        // The scores are the logits: their softmax is the model's output.
        INDArray x = Nd4j.rand(DataType.DOUBLE, 1, 2, 6, 6);
        INDArray logits = cam.scores(g.feedForward(x, false).get("c"));
        INDArray probs = g.outputSingle(false, x);
        assertEquals(0.0, Nd4j.nn().softmax(logits, 1).sub(probs).amaxNumber().doubleValue(), 1e-9);
    }

    /** A gray {@code SIZE}² noise image, with a bright square at (top, left) when {@code top >= 0}. */
    static INDArray image(Random r, int top, int left) {
        INDArray x = Nd4j.create(DataType.FLOAT, 1, 1, SIZE, SIZE);
        for (int y = 0; y < SIZE; y++) {
            for (int c = 0; c < SIZE; c++) {
                x.putScalar(new long[] {0, 0, y, c}, r.nextDouble() * 0.5);
            }
        }
        if (top >= 0) {
            for (int y = top; y < top + SQUARE; y++) {
                for (int c = left; c < left + SQUARE; c++) {
                    x.putScalar(new long[] {0, 0, y, c}, 0.8 + 0.2 * r.nextDouble());
                }
            }
        }
        return x;
    }

    @Test
    void heatmapPeaksInsideTheSquareThatDecidesTheClassAndFollowsIt() {
        Network net = Network.builder("square").seed(3).updater(Updaters.adam(0.01)).input(SIZE, SIZE, 1)
                .conv(8, 3).same().act(Activation.RELU).maxPool(2)
                .conv(16, 3).same().act(Activation.RELU).name("last_conv").globalMaxPool().output(2).build();
        ComputationGraph g = net.graph();
        Random r = new Random(1);
        int n = 128;
        INDArray[] xs = new INDArray[n];
        INDArray labels = Nd4j.zeros(DataType.FLOAT, n, 2);
        for (int i = 0; i < n; i++) {
            boolean square = i % 2 == 1;
            xs[i] = square ? image(r, r.nextInt(SIZE - SQUARE + 1), r.nextInt(SIZE - SQUARE + 1)) : image(r, -1, -1);
            labels.putScalar(i, square ? 1 : 0, 1.0);
        }
        DataSet train = new DataSet(Nd4j.concat(0, xs), labels);
        for (int epoch = 0; epoch < 8; epoch++) {
            for (DataSet batch : train.batchBy(32)) {
                g.fit(batch);
            }
        }
        TransferModel model = TransferModel.from(net);
        model.preprocessing(null);
        GradCam cam = GradCam.of(model);
        assertEquals("last_conv", cam.layer());
        int inside = 0;
        int tests = 40;
        for (int t = 0; t < tests; t++) {
            int top = r.nextInt(SIZE - SQUARE + 1);
            int left = r.nextInt(SIZE - SQUARE + 1);
            Heatmap h = cam.heatmap(image(r, top, left), 1);
            assertEquals(12, h.height());
            int[] p = Heatmap.peak(h.upsampled(SIZE, SIZE));
            if (p[0] >= top && p[0] < top + SQUARE && p[1] >= left && p[1] < left + SQUARE) {
                inside++;
            }
        }
        assertTrue(inside >= 0.9 * tests, "peak inside the square in " + inside + " of " + tests + " images");
        // Moving the square moves the peak with it.
        Random same = new Random(9);
        int[] a = Heatmap.peak(cam.heatmap(image(same, 2, 2), 1).upsampled(SIZE, SIZE));
        same = new Random(9);
        int[] b = Heatmap.peak(cam.heatmap(image(same, 15, 14), 1).upsampled(SIZE, SIZE));
        assertTrue(a[0] < 8 && a[1] < 8 && b[0] >= 15 && b[1] >= 14, java.util.Arrays.toString(a) + " -> " + java.util.Arrays.toString(b));
    }

    @Test
    void unknownLayerOrVectorLayerOrBadClassAreClearErrors() {
        Network net = Network.builder("t").input(8, 8, 1).conv(2, 3).name("c").flatten().name("flat").output(2).name("out").build();
        TransferModel m = TransferModel.from(net);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GradCam.of(m).layer("c2"));
        assertTrue(e.getMessage().contains("no layer named 'c2'") && e.getMessage().contains("c"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GradCam.of(m).layer("flat"));
        assertTrue(e.getMessage().contains("'flat' outputs a vector"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GradCam.of(m).heatmap(Nd4j.rand(DataType.FLOAT, 1, 1, 8, 8), 2));
        assertTrue(e.getMessage().contains("class 2 is out of range") && e.getMessage().contains("0..1"), e.getMessage());
    }
}
