package io.transfer4j.transfer;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.LongStream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.indexing.SpecifiedIndex;

/**
 * Test-time augmentation: class probabilities averaged over views of each image (fastai's and timm's {@code tta}).
 * The views, for {@code n}: 1 — the image; 2 — plus its mirror image; 5 — five crops (centre and the four corners,
 * each 7/8 of the height and width, as torchvision's resize-256/crop-224) resized back to the input size by bilinear
 * interpolation; 10 — the five crops and their mirror images (torchvision's {@code TenCrop}). Crops are taken from
 * the preprocessed input, which is the same as cropping the image first (preprocessing is per pixel and affine).
 * Any engine: the views go through whatever forward pass is given (DL4J or ONNX Runtime).
 */
final class Tta {
    /** The view counts there are. */
    static final List<Integer> COUNTS = List.of(1, 2, 5, 10);
    private static final double CROP = 7.0 / 8;

    private Tta() {
    }

    /** Rejects a view count other than 1, 2, 5 or 10, naming them. */
    static int check(int views) {
        if (!COUNTS.contains(views)) {
            throw new IllegalArgumentException("TTA takes 1 (off), 2 (image + mirror), 5 (five crops) or 10 (five crops + mirrors) views, got "
                    + views);
        }
        return views;
    }

    /** The {@code views} views of a batch {@code [n, c, h, w]}, in the order above. */
    static List<INDArray> views(INDArray nchw, int views) {
        check(views);
        List<INDArray> out = new ArrayList<>(views);
        if (views <= 2) {
            out.add(nchw);
            if (views == 2) {
                out.add(flip(nchw));
            }
            return out;
        }
        int h = (int) nchw.size(2);
        int w = (int) nchw.size(3);
        int ch = Math.max(1, (int) Math.round(h * CROP));
        int cw = Math.max(1, (int) Math.round(w * CROP));
        int[][] corners = {{(h - ch) / 2, (w - cw) / 2}, {0, 0}, {0, w - cw}, {h - ch, 0}, {h - ch, w - cw}};
        for (int[] c : corners) {
            out.add(crop(nchw, c[0], c[1], ch, cw));
        }
        if (views == 10) {
            for (int i = 0; i < 5; i++) {
                out.add(flip(out.get(i)));
            }
        }
        return out;
    }

    /** {@code [n, c, h, w]} mirrored left-right. */
    static INDArray flip(INDArray nchw) {
        long w = nchw.size(3);
        long[] reversed = LongStream.range(0, w).map(i -> w - 1 - i).toArray();
        return nchw.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all(), new SpecifiedIndex(reversed)).dup();
    }

    /**
     * The window {@code [top, top + ch) x [left, left + cw)} resized to the full {@code h x w} by bilinear interpolation
     * with half-pixel centres (OpenCV's and PIL's convention), edges clamped to the window.
     */
    static INDArray crop(INDArray nchw, int top, int left, int ch, int cw) {
        int n = (int) nchw.size(0);
        int c = (int) nchw.size(1);
        int h = (int) nchw.size(2);
        int w = (int) nchw.size(3);
        float[] src = nchw.castTo(DataType.FLOAT).dup('c').data().asFloat();
        float[] dst = new float[src.length];
        int[] y0 = new int[h];
        int[] y1 = new int[h];
        float[] fy = new float[h];
        int[] x0 = new int[w];
        int[] x1 = new int[w];
        float[] fx = new float[w];
        taps(h, top, ch, y0, y1, fy);
        taps(w, left, cw, x0, x1, fx);
        for (int plane = 0; plane < n * c; plane++) {
            int base = plane * h * w;
            for (int y = 0; y < h; y++) {
                int r0 = base + y0[y] * w;
                int r1 = base + y1[y] * w;
                for (int x = 0; x < w; x++) {
                    float top0 = src[r0 + x0[x]] + fx[x] * (src[r0 + x1[x]] - src[r0 + x0[x]]);
                    float bot0 = src[r1 + x0[x]] + fx[x] * (src[r1 + x1[x]] - src[r1 + x0[x]]);
                    dst[base + y * w + x] = top0 + fy[y] * (bot0 - top0);
                }
            }
        }
        return Nd4j.create(dst, new long[] {n, c, h, w}, 'c');
    }

    /** For each of {@code out} output positions: the two source positions inside the window and the weight of the second. */
    private static void taps(int out, int start, int size, int[] lo, int[] hi, float[] frac) {
        for (int i = 0; i < out; i++) {
            double s = start + (i + 0.5) * size / out - 0.5;
            s = Math.min(Math.max(s, start), start + size - 1);
            lo[i] = (int) Math.floor(s);
            hi[i] = Math.min(lo[i] + 1, start + size - 1);
            frac[i] = (float) (s - lo[i]);
        }
    }

    /** Probabilities for already preprocessed input, averaged over {@code views} views (images only; vectors: 1 view). */
    static INDArray probabilities(ComputationGraph graph, INDArray input, int views) {
        return probabilities(x -> graph.outputSingle(false, x), input, views);
    }

    /** The same with any forward pass (e.g. an ONNX Runtime engine). */
    static INDArray probabilities(UnaryOperator<INDArray> forward, INDArray input, int views) {
        if (input.rank() != 4 || check(views) == 1) {
            return forward.apply(input).dup();
        }
        INDArray sum = null;
        for (INDArray v : views(input, views)) {
            INDArray p = forward.apply(v);
            sum = sum == null ? p.dup() : sum.addi(p);
        }
        return sum.divi(views);
    }
}
