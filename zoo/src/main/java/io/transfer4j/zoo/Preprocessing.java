package io.transfer4j.zoo;

import java.util.Arrays;
import java.util.Locale;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * How a model expects its input images: size, channel order and per-channel normalisation
 * {@code x' = (x * scale - mean) / std} applied to raw 0..255 pixel values. Weight tags carry one, so
 * users never need to know that VGG16 wants BGR minus the ImageNet means.
 *
 * <pre>{@code
 * Preprocessing p = Preprocessing.caffe(224, 224);   // Keras "caffe" mode (VGG16, ResNet50)
 * INDArray x = p.apply(rgbImageNchw);               // [n, 3, 224, 224], values 0..255, RGB
 * }</pre>
 *
 * @param height    input height the model wants
 * @param width     input width the model wants
 * @param channels  1 (grayscale) or 3
 * @param bgr       whether channels are reordered RGB → BGR before normalising
 * @param scale     multiplier applied to raw 0..255 values first (1/255 for "tf"/"torch" modes)
 * @param mean      per-channel value subtracted after scaling (in the model's channel order)
 * @param std       per-channel divisor applied last
 */
public record Preprocessing(int height, int width, int channels, boolean bgr, double scale, double[] mean, double[] std) {

    public Preprocessing {
        if (height <= 0 || width <= 0 || (channels != 1 && channels != 3)) {
            throw new IllegalArgumentException("preprocessing needs a positive size and 1 or 3 channels, got "
                    + height + "x" + width + "x" + channels);
        }
        if (mean.length != channels || std.length != channels) {
            throw new IllegalArgumentException("mean and std need one value per channel (" + channels + ")");
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** Keras "caffe" mode: RGB→BGR, subtract 103.939, 116.779, 123.68 (B, G, R), no scaling. */
    public static Preprocessing caffe(int height, int width) {
        return new Preprocessing(height, width, 3, true, 1.0, new double[] {103.939, 116.779, 123.68}, new double[] {1, 1, 1});
    }

    /** Keras "torch" mode (DenseNet): scale to 0..1, subtract ImageNet mean, divide by std, RGB. */
    public static Preprocessing torch(int height, int width) {
        return new Preprocessing(height, width, 3, false, 1 / 255.0, new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225});
    }

    /** Keras "tf" mode: scale to -1..1, RGB. */
    public static Preprocessing tf(int height, int width) {
        return new Preprocessing(height, width, 3, false, 1 / 127.5, new double[] {1, 1, 1}, new double[] {1, 1, 1});
    }

    /** Pixels scaled to 0..1, nothing else (small networks trained here, e.g. on Fashion-MNIST). */
    public static Preprocessing unit(int height, int width, int channels) {
        double[] zeros = new double[channels];
        double[] ones = new double[channels];
        Arrays.fill(ones, 1);
        return new Preprocessing(height, width, channels, false, 1 / 255.0, zeros, ones);
    }

    /** The same normalisation for another input size. */
    public Preprocessing withSize(int newHeight, int newWidth) {
        return new Preprocessing(newHeight, newWidth, channels, bgr, scale, mean, std);
    }

    /**
     * Normalises a batch in place and returns it: {@code [n, c, h, w]} float values 0..255 in RGB order.
     * Note that DataVec's {@code NativeImageLoader} delivers BGR (OpenCV's order); the image-folder pipeline
     * swaps to RGB before calling this.
     */
    public INDArray apply(INDArray nchwRgb) {
        if (nchwRgb.rank() != 4 || nchwRgb.size(1) != channels) {
            throw new IllegalArgumentException("expected a batch [n, " + channels + ", h, w], got "
                    + Arrays.toString(nchwRgb.shape()) + "; convert the image to " + channels + " channel(s) first");
        }
        if (bgr) {
            INDArray r = nchwRgb.get(NDArrayIndex.all(), NDArrayIndex.point(0)).dup();
            INDArray b = nchwRgb.get(NDArrayIndex.all(), NDArrayIndex.point(2));
            nchwRgb.get(NDArrayIndex.all(), NDArrayIndex.point(0)).assign(b);
            b.assign(r);
        }
        if (scale != 1.0) {
            nchwRgb.muli(scale);
        }
        for (int c = 0; c < channels; c++) {
            INDArray ch = nchwRgb.get(NDArrayIndex.all(), NDArrayIndex.point(c));
            ch.subi(mean[c]).divi(std[c]);
        }
        return nchwRgb;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%dx%dx%d %s scale=%s mean=%s std=%s", height, width, channels,
                bgr ? "BGR" : (channels == 3 ? "RGB" : "gray"), scale, Arrays.toString(mean), Arrays.toString(std));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Preprocessing p && p.height == height && p.width == width && p.channels == channels
                && p.bgr == bgr && p.scale == scale && Arrays.equals(p.mean, mean) && Arrays.equals(p.std, std);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(height, width, channels, bgr, scale, Arrays.hashCode(mean), Arrays.hashCode(std));
    }
}
