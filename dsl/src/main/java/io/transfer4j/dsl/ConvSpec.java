package io.transfer4j.dsl;

import java.util.List;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;

/** 2-D convolution in its four flavours: standard, depthwise, depthwise-separable and transposed. */
final class ConvSpec extends LayerSpec {
    enum Flavour { STANDARD, DEPTHWISE, SEPARABLE, TRANSPOSED }

    final Flavour flavour;
    final int filters;          // output channels; for DEPTHWISE the depth multiplier
    final int kh;
    final int kw;
    int sh = 1;
    int sw = 1;
    int dh = 1;
    int dw = 1;
    Padding padding = Padding.VALID;
    boolean bias = true;
    IActivation activation = Activation.IDENTITY.getActivationFunction();

    ConvSpec(Flavour flavour, int filters, int kh, int kw) {
        this.flavour = flavour;
        this.filters = positive(flavour == Flavour.DEPTHWISE ? "depth multiplier" : "filters", filters);
        this.kh = positive("kernel height", kh);
        this.kw = positive("kernel width", kw);
    }

    @Override
    boolean hasParams() {
        return true;
    }

    @Override
    String kind() {
        return switch (flavour) {
            case STANDARD -> "conv";
            case DEPTHWISE -> "dwconv";
            case SEPARABLE -> "sepconv";
            case TRANSPOSED -> "deconv";
        };
    }

    int effKh() {
        return dh * (kh - 1) + 1;
    }

    int effKw() {
        return dw * (kw - 1) + 1;
    }

    @Override
    Shape outputShape(String name, List<Shape> in) {
        Shape s = requireImage(name, kind(), single(in));
        int h;
        int w;
        if (flavour == Flavour.TRANSPOSED) {
            h = padding.same() ? s.height() * sh : sh * (s.height() - 1) + effKh() - 2 * padding.height();
            w = padding.same() ? s.width() * sw : sw * (s.width() - 1) + effKw() - 2 * padding.width();
        } else {
            h = padding.outputSize(s.height(), effKh(), sh, padding.height());
            w = padding.outputSize(s.width(), effKw(), sw, padding.width());
        }
        if (h <= 0 || w <= 0) {
            throw new ShapeException(name, "kernel " + kh + "x" + kw + (dh > 1 || dw > 1 ? " dilated " + dh + "x" + dw : "")
                    + " with stride " + sh + "x" + sw + " and padding " + padding + " does not fit input " + s
                    + " (output would be " + h + "x" + w + "); use padding SAME, a smaller kernel or a larger input");
        }
        int c = flavour == Flavour.DEPTHWISE ? s.channels() * filters : filters;
        return Shape.image(h, w, c);
    }

    @Override
    Layer layer(List<Shape> in) {
        int nIn = single(in).channels();
        IActivation activation = ActivationSpec.onImage(this.activation, null);   // a fused softmax: over channels
        ConvolutionMode mode = padding.same() ? ConvolutionMode.Same : ConvolutionMode.Truncate;
        int[] k = {kh, kw};
        int[] s = {sh, sw};
        int[] p = {padding.height(), padding.width()};
        int[] d = {dh, dw};
        return switch (flavour) {
            case STANDARD -> new ConvolutionLayer.Builder(k, s, p).dilation(d).convolutionMode(mode)
                    .nIn(nIn).nOut(filters).hasBias(bias).activation(activation).build();
            case DEPTHWISE -> new DepthwiseConvolution2D.Builder(k, s, p).dilation(d).convolutionMode(mode)
                    .depthMultiplier(filters).nIn(nIn).nOut((long) nIn * filters).hasBias(bias).activation(activation).build();
            case SEPARABLE -> new SeparableConvolution2D.Builder(k, s, p).dilation(d).convolutionMode(mode)
                    .nIn(nIn).nOut(filters).hasBias(bias).activation(activation).build();
            case TRANSPOSED -> new Deconvolution2D.Builder(k, s, p).dilation(d).convolutionMode(mode)
                    .nIn(nIn).nOut(filters).hasBias(bias).activation(activation).build();
        };
    }
}
