package io.transfer4j.transfer;

import io.transfer4j.dsl.Shape;
import io.transfer4j.zoo.ModelInfo;
import io.transfer4j.zoo.Preprocessing;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Brings in-memory images to a model's channel count: gray is repeated to RGB, an alpha channel is
 * dropped, RGB becomes gray by the ITU-R BT.601 luma weights; anything else is a clear error. (Files go
 * through {@link io.transfer4j.transfer.data.ImageFiles}, which does the same while decoding.) Also the
 * preprocessing a model's images get unless it is set.
 */
final class ImageInput {
    private ImageInput() {
    }

    /**
     * The zoo metadata's preprocessing at the model's input size; without metadata, 0..1 scaling for a gray
     * or RGB image input; null otherwise (vector inputs, other channel counts).
     */
    static Preprocessing defaultPreprocessing(ModelInfo info, Shape in) {
        if (info != null && info.preprocessing() != null) {
            Preprocessing p = info.preprocessing();
            return in.image() ? p.withSize(in.height(), in.width()) : p;
        } else if (in.image() && (in.channels() == 1 || in.channels() == 3)) {
            return Preprocessing.unit(in.height(), in.width(), in.channels());
        }
        return null;
    }

    /** {@code [n, c, h, w]} (or {@code [c, h, w]}) values 0..255 → {@code [n, channels, h, w]} float. */
    static INDArray toChannels(INDArray x, int channels, String what) {
        if (x.rank() == 3) {
            x = x.reshape(1, x.size(0), x.size(1), x.size(2));
        }
        if (x.rank() != 4) {
            throw new IllegalArgumentException(what + " must be [channels, height, width] or [n, channels, height, width], got "
                    + Arrays.toString(x.shape()));
        }
        x = x.castTo(DataType.FLOAT);
        long c = x.size(1);
        if (c == channels) {
            return x.dup();
        }
        if (channels == 3 && c == 1) {
            return Nd4j.concat(1, x, x, x);
        }
        if (channels == 3 && c == 4) {
            return x.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 3)).dup();
        }
        if (channels == 1 && (c == 3 || c == 4)) {
            INDArray r = x.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 1));
            INDArray g = x.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 2));
            INDArray b = x.get(NDArrayIndex.all(), NDArrayIndex.interval(2, 3));
            return r.mul(0.299).addi(g.mul(0.587)).addi(b.mul(0.114));
        }
        throw new IllegalArgumentException(what + " has " + c + " channels (shape " + Arrays.toString(x.shape())
                + ") but the model takes " + channels + "; give it 1 (gray), 3 (RGB) or 4 (RGBA) channels");
    }

    /** {@code image} as TYPE_INT_RGB of {@code width x height}, scaled bilinearly by Java2D (itself when it already is). */
    static BufferedImage scaled(BufferedImage image, int width, int height) {
        if (image.getWidth() == width && image.getHeight() == height && image.getType() == BufferedImage.TYPE_INT_RGB) {
            return image;
        }
        BufferedImage scaled = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scaled.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(image, 0, 0, width, height, null);
        g.dispose();
        return scaled;
    }

    /** Pixels of a BufferedImage as {@code [1, 3, h, w]} RGB 0..255 (alpha dropped, gray expanded by Java2D). */
    static INDArray rgb(BufferedImage image) {
        int h = image.getHeight();
        int w = image.getWidth();
        float[] out = new float[3 * h * w];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int p = row[x];
                out[y * w + x] = (p >> 16) & 0xFF;
                out[h * w + y * w + x] = (p >> 8) & 0xFF;
                out[2 * h * w + y * w + x] = p & 0xFF;
            }
        }
        return Nd4j.create(out, new long[] {1, 3, h, w});
    }
}
