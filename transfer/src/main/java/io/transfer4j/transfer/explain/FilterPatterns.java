package io.transfer4j.transfer.explain;

import io.transfer4j.dsl.Shape;
import io.transfer4j.transfer.TransferModel;
import io.transfer4j.zoo.Preprocessing;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * What a channel responds to, found by gradient ascent in input space (Chollet, "visualizing what convnets learn";
 * Keras's filter-visualisation example): start from a grey image with a little noise and move it along the gradient
 * of the channel's mean activation, normalised to unit RMS, for {@link #steps} steps of {@link #step} grey levels
 * per pixel. The input gradient comes from {@link GradientProbe} (DL4J's own backward pass over the graph up to the
 * layer). The result is shown as Chollet's {@code deprocess_image} does: standardised, 0.1 standard deviations per
 * 0.5 of the range, clipped; in RGB order whatever the model's preprocessing (BGR for VGG/ResNet is swapped back).
 *
 * <pre>{@code
 * FilterPatterns p = FilterPatterns.of(model).layer("block3_conv1").size(128);
 * Pictures.write(p.image(0, 1, 2, 3), Path.of("block3_conv1-patterns.png"));
 * FilterPatterns.Pattern one = p.pattern(5);    // its pixels and the mean activation before and after
 * }</pre>
 */
public final class FilterPatterns {
    /** One channel's pattern: display pixels {@code [1, c, h, w]} 0..255 RGB, the network input, the mean activation at the start and end. */
    public record Pattern(int channel, INDArray pixels, INDArray input, double startActivation, double endActivation) {
    }

    private final TransferModel model;
    private String layer;
    private int channels;
    private GradientProbe probe;
    private int steps = 40;
    private double step = 1.0;
    private int height;
    private int width;
    private long seed = 1;

    private FilterPatterns(TransferModel model) {
        this.model = model;
        Shape s = model.inputShapes().get(0);
        if (!s.image()) {
            throw new IllegalArgumentException("model '" + model.name() + "' takes vectors (" + s + "), not images");
        }
        this.height = s.height();
        this.width = s.width();
    }

    public static FilterPatterns of(TransferModel model) {
        return new FilterPatterns(model);
    }

    /** The layer whose channels are visualised; it must output a feature map. */
    public FilterPatterns layer(String name) {
        this.channels = (int) GradCam.requireFeatureMap(model, name, "filter patterns").getChannels();
        this.layer = name;
        this.probe = null;
        return this;
    }

    /** The layer's channel count. */
    public int channels() {
        return channels;
    }

    /** Gradient-ascent steps (default 40, Chollet's). */
    public FilterPatterns steps(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("steps must be >= 1, got " + n);
        }
        this.steps = n;
        return this;
    }

    /** Grey levels (of 0..255) each pixel moves per step, on average (default 1, Chollet's). */
    public FilterPatterns step(double greyLevels) {
        if (!(greyLevels > 0)) {
            throw new IllegalArgumentException("step must be > 0 grey levels, got " + greyLevels);
        }
        this.step = greyLevels;
        return this;
    }

    /** Side of the square image optimised (default the model's input size; smaller is faster for conv layers). */
    public FilterPatterns size(int pixels) {
        if (pixels < 8) {
            throw new IllegalArgumentException("size must be >= 8 pixels, got " + pixels);
        }
        this.height = pixels;
        this.width = pixels;
        return this;
    }

    /** Seed of the starting noise (default 1). */
    public FilterPatterns seed(long s) {
        this.seed = s;
        return this;
    }

    /** The pattern of {@code channel}. */
    public Pattern pattern(int channel) {
        GradientProbe p = probe();
        int inputChannels = model.inputShapes().get(0).channels();
        java.util.Random r = new java.util.Random(seed);
        float[] noise = new float[inputChannels * height * width];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = 108 + 40 * r.nextFloat();                             // grey 128 +- 20, as Chollet starts
        }
        INDArray raw = Nd4j.create(noise, new long[] {1, inputChannels, height, width}, 'c');
        INDArray x = ModelImages.input(model, raw.dup()).castTo(p.params().dataType());
        INDArray perLevel = perGreyLevel(inputChannels).castTo(x.dataType());   // input units per grey level, per channel
        double start = meanActivation(x, channel);
        for (int i = 0; i < steps; i++) {
            INDArray g = gradient(x, channel);
            double rms = Math.sqrt(g.mul(g).meanNumber().doubleValue()) + 1e-5;
            x.addi(g.divi(rms).muli(step).muli(perLevel));
        }
        return new Pattern(channel, display(x), x, start, meanActivation(x, channel));
    }

    /** The patterns of {@code channels} side by side, titled with the channel and its mean activation. */
    public BufferedImage image(int... channels) {
        if (channels.length == 0) {
            throw new IllegalArgumentException("give at least one channel");
        }
        List<BufferedImage> tiles = new ArrayList<>();
        List<String> titles = new ArrayList<>();
        for (int c : channels) {
            Pattern pt = pattern(c);
            tiles.add(Pictures.image(pt.pixels()));
            titles.add(String.format(Locale.ROOT, "#%d %.3g", c, pt.endActivation()));
        }
        return Pictures.tiles(tiles, titles, (int) Math.ceil(Math.sqrt(tiles.size())));
    }

    /** The mean activation of {@code channel} of the layer for network input {@code x} {@code [1, c, h, w]}. */
    public double meanActivation(INDArray x, int channel) {
        INDArray out = probe().outputSingle(false, x.dup());
        checkChannel(out, channel);
        return out.get(NDArrayIndex.point(0), NDArrayIndex.point(channel)).meanNumber().doubleValue();
    }

    /** The gradient of {@link #meanActivation} with respect to the input {@code x} (for checks and research). */
    public INDArray gradient(INDArray x, int channel) {
        GradientProbe p = probe();
        INDArray out = p.outputSingle(false, x.dup());
        checkChannel(out, channel);
        INDArray error = out.ulike().assign(0);
        error.get(NDArrayIndex.all(), NDArrayIndex.point(channel)).assign(1.0 / (out.size(2) * out.size(3)));
        return p.gradient(x, error);
    }

    private void checkChannel(INDArray out, int channel) {
        if (channel < 0 || channel >= out.size(1)) {
            throw new IllegalArgumentException("channel " + channel + " is out of range: layer '" + layer + "' has " + out.size(1)
                    + " channels (0.." + (out.size(1) - 1) + ")");
        }
    }

    private GradientProbe probe() {
        if (layer == null) {
            throw new IllegalStateException("choose a layer first: layer(\"block3_conv1\")");
        }
        if (probe == null) {
            probe = GradientProbe.between(model.graph(), model.graph().getConfiguration().getNetworkInputs().get(0), layer);
        }
        return probe;
    }

    /** {@code [1, c, 1, 1]}: how far one grey level moves each input channel (the preprocessing's per-channel scale). */
    private INDArray perGreyLevel(int channels) {
        INDArray lo = Nd4j.valueArrayOf(new long[] {1, channels, 1, 1}, 128f);
        INDArray hi = Nd4j.valueArrayOf(new long[] {1, channels, 1, 1}, 129f);
        return ModelImages.input(model, hi).sub(ModelImages.input(model, lo));
    }

    /** Chollet's deprocess: standardise, 0.1 std per half range around mid grey, clip, 0..255; BGR inputs back to RGB. */
    private INDArray display(INDArray x) {
        INDArray v = x.castTo(DataType.FLOAT);
        double mean = v.meanNumber().doubleValue();
        double std = v.stdNumber().doubleValue() + 1e-5;
        INDArray out = v.sub(mean).divi(std).muli(0.1).addi(0.5);
        out = Transforms.min(Transforms.max(out, 0, false), 1, false).muli(255);
        Preprocessing pre = model.preprocessing();
        if (pre != null && pre.bgr()) {
            out = Nd4j.concat(1, out.get(NDArrayIndex.all(), NDArrayIndex.interval(2, 3)),
                    out.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 2)), out.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 1)));
        }
        return out;
    }
}
