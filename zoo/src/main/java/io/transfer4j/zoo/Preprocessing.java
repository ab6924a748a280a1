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

    /** Raw 0..255 values, RGB, nothing else: for models that normalise inside themselves. */
    public static Preprocessing none(int height, int width, int channels) {
        double[] zeros = new double[channels];
        double[] ones = new double[channels];
        Arrays.fill(ones, 1);
        return new Preprocessing(height, width, channels, false, 1.0, zeros, ones);
    }

    /**
     * A preprocessing by name for a {@code height}×{@code width} model: {@code torch}, {@code caffe}, {@code tf} (the
     * Keras modes above), {@code none} (raw 0..255), or a JSON object (inline, or a {@code .json} file) with
     * {@code mean} and {@code std} (one value per channel, after scaling), {@code scale} (default 1; 1/255 for 0..1),
     * {@code channelOrder} ({@code RGB} default, or {@code BGR}) and optionally {@code height}/{@code width}.
     * <pre>{@code Preprocessing.parse("{\"scale\": 0.00392157, \"mean\": [0.5,0.5,0.5], \"std\": [0.5,0.5,0.5]}", 224, 224)}</pre>
     */
    public static Preprocessing parse(String spec, int height, int width) {
        String s = spec.trim();
        switch (s.toLowerCase(Locale.ROOT)) {
            case "torch", "pytorch" -> { return torch(height, width); }
            case "caffe" -> { return caffe(height, width); }
            case "tf", "tensorflow" -> { return tf(height, width); }
            case "none", "raw" -> { return none(height, width, 3); }
            default -> { }
        }
        String json = s;
        if (!s.startsWith("{")) {
            java.nio.file.Path file = java.nio.file.Path.of(s);
            if (!java.nio.file.Files.isRegularFile(file)) {
                throw new IllegalArgumentException("preprocessing '" + spec + "' is not torch, caffe, tf, none, a JSON object or a .json file");
            }
            try {
                json = java.nio.file.Files.readString(file);
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("cannot read preprocessing file " + file + ": " + e.getMessage(), e);
            }
        }
        try {
            var n = new org.nd4j.shade.jackson.databind.ObjectMapper().readTree(json);
            double[] mean = doubles(n.path("mean"));
            double[] std = doubles(n.path("std"));
            String order = n.path("channelOrder").asText("RGB").toUpperCase(Locale.ROOT);
            if (!order.equals("RGB") && !order.equals("BGR")) {
                throw new IllegalArgumentException("channelOrder must be RGB or BGR, got " + order);
            }
            double scale = n.path("scale").asDouble(1.0);
            if (!(scale > 0)) {
                throw new IllegalArgumentException("scale must be > 0, got " + n.path("scale"));
            }
            for (double v : std) {
                if (!(v > 0)) {
                    throw new IllegalArgumentException("every std must be > 0, got " + Arrays.toString(std));
                }
            }
            return new Preprocessing(n.path("height").asInt(height), n.path("width").asInt(width), mean.length,
                    order.equals("BGR"), scale, mean, std);
        } catch (java.io.IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("bad preprocessing JSON " + (s.startsWith("{") ? "" : "in " + s + " ") + ": "
                    + e.getMessage().replace('\n', ' ') + " (expected e.g. {\"mean\": [0.485, 0.456, 0.406], \"std\": [0.229, 0.224, 0.225],"
                    + " \"scale\": 0.00392157, \"channelOrder\": \"RGB\"})", e);
        }
    }

    private static double[] doubles(org.nd4j.shade.jackson.databind.JsonNode a) {
        if (!a.isArray() || a.isEmpty()) {
            throw new IllegalArgumentException("mean and std must be arrays of one number per channel");
        }
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.get(i).asDouble();
        }
        return v;
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
