package io.transfer4j.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.transfer4j.transfer.onnx.Engine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Test-time augmentation averages exactly the views it names, on DL4J and ONNX Runtime alike. */
class TtaTest {
    private static final int H = 16;
    private static final int W = 24;

    @TempDir
    Path dir;

    /** One image: channel 0 = x (column), channel 1 = y (row), channel 2 = 100 + x. */
    private static INDArray ramps() {
        INDArray a = Nd4j.zeros(DataType.FLOAT, 1, 3, H, W);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                a.putScalar(new long[] {0, 0, y, x}, x);
                a.putScalar(new long[] {0, 1, y, x}, y);
                a.putScalar(new long[] {0, 2, y, x}, 100 + x);
            }
        }
        return a;
    }

    /** Where bilinear sampling of a window of a linear ramp lands: the source coordinate, clamped to the window. */
    private static double source(int i, int out, int start, int size) {
        double s = start + (i + 0.5) * size / out - 0.5;
        return Math.min(Math.max(s, start), start + size - 1);
    }

    /** Checks a view against the window [top, top+ch) x [left, left+cw), mirrored or not. */
    private static void assertWindow(INDArray view, int top, int left, int ch, int cw, boolean mirrored, String name) {
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int sx = mirrored ? W - 1 - x : x;
                assertEquals(source(sx, W, left, cw), view.getDouble(0, 0, y, x), 1e-4, name + " x at " + y + "," + x);
                assertEquals(source(y, H, top, ch), view.getDouble(0, 1, y, x), 1e-4, name + " y at " + y + "," + x);
            }
        }
    }

    @Test
    void theViewsAreTheImageItsMirrorAndTheFiveCropsWithTheirMirrors() {
        INDArray img = ramps();
        List<INDArray> two = Tta.views(img, 2);
        assertEquals(2, two.size());
        assertEquals(img, two.get(0));
        assertWindow(two.get(1), 0, 0, H, W, true, "mirror");
        List<INDArray> ten = Tta.views(img, 10);
        assertEquals(10, ten.size());
        int ch = 14;    // 7/8 of 16
        int cw = 21;    // 7/8 of 24
        int[][] windows = {{1, 1}, {0, 0}, {0, W - cw}, {H - ch, 0}, {H - ch, W - cw}};
        String[] names = {"centre", "top-left", "top-right", "bottom-left", "bottom-right"};
        for (int i = 0; i < 5; i++) {
            assertWindow(ten.get(i), windows[i][0], windows[i][1], ch, cw, false, names[i]);
            assertWindow(ten.get(5 + i), windows[i][0], windows[i][1], ch, cw, true, names[i] + " mirrored");
        }
        assertEquals(Tta.views(img, 10).subList(0, 5), Tta.views(img, 5));
    }

    @Test
    void theResultIsTheMeanOfTheForwardPassOverExactlyThoseViews() {
        INDArray img = ramps();
        List<INDArray> seen = new ArrayList<>();
        // a "model" whose output is each view's mean of channel 0 and of channel 1
        INDArray p = Tta.probabilities(x -> {
            seen.add(x.dup());
            return Nd4j.hstack(x.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(0))
                    .mean(1, 2).reshape(1, 1), x.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.point(1)).mean(1, 2).reshape(1, 1));
        }, img, 10);
        assertEquals(10, seen.size(), "one forward pass per view");
        List<INDArray> views = Tta.views(img, 10);
        double[] expected = new double[2];
        for (int i = 0; i < 10; i++) {
            assertEquals(views.get(i), seen.get(i), "view " + i);
            expected[0] += views.get(i).get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(0))
                    .meanNumber().doubleValue() / 10;
            expected[1] += views.get(i).get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(1))
                    .meanNumber().doubleValue() / 10;
        }
        assertEquals(expected[0], p.getDouble(0, 0), 1e-5);
        assertEquals(expected[1], p.getDouble(0, 1), 1e-5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tta.views(img, 3));
        assertTrue(e.getMessage().contains("got 3") && e.getMessage().contains("10"), e.getMessage());
    }

    @Test
    void everyEngineAveragesTheSameViews() {
        List<String> labels = List.of("a", "b", "c", "d");
        TransferModel m = TransferModel.from(Nets.small(4)).newHead(Head.labels(labels).seed(3)).freezeUpTo("gap");
        Nets.fit(m.graph(), Nets.randomData(2, 20, labels.size()), 3);
        Path file = dir.resolve("four.zip");
        m.save(file);
        Nd4j.getRandom().setSeed(11);
        INDArray images = Nd4j.rand(DataType.FLOAT, 3, 3, 8, 8).muli(255);
        try (Classifier dl4j = Classifier.load(file).engine(Engine.Kind.DL4J).foldBatchNorm(false);
             Classifier ort = Classifier.load(file).engine(Engine.Kind.ONNX_RUNTIME)) {
            INDArray input = TransferModel.load(file).preprocessing().apply(images.dup());
            for (int views : Tta.COUNTS) {
                INDArray pd = dl4j.tta(views).probabilities(images);
                INDArray po = ort.tta(views).probabilities(images);
                INDArray byHand = Nd4j.zeros(DataType.FLOAT, 3, labels.size());
                for (INDArray v : Tta.views(input, views)) {
                    byHand.addi(m.graph().outputSingle(false, v));
                }
                byHand.divi(views);
                assertTrue(pd.sub(byHand).amaxNumber().doubleValue() <= 1e-5, views + " views, DL4J vs by hand: " + pd.sub(byHand).amaxNumber());
                assertTrue(po.sub(byHand).amaxNumber().doubleValue() <= 1e-4, views + " views, ONNX Runtime vs by hand: " + po.sub(byHand).amaxNumber());
            }
        }
    }
}
