package io.transfer4j.dsl;

import java.util.List;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.deeplearning4j.nn.conf.layers.ZeroPaddingLayer;
import org.deeplearning4j.nn.conf.layers.convolutional.Cropping2D;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;

/**
 * 2-D convolution in its four flavours: standard, depthwise, depthwise-separable and transposed. DL4J's
 * convolutions pad symmetrically (or TensorFlow's SAME) only: asymmetric padding and SAME_START run as a
 * {@code <name>_pad} zero-padding layer before a VALID conv, and a transposed conv's asymmetric padding or
 * output padding as a {@code <name>_crop} cropping after the full transposed conv (the same values: a transposed
 * conv's padding is a crop of its full output).
 */
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
    int oph;                    // transposed only: extra rows/columns at the bottom/right (PyTorch's output_padding)
    int opw;
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

    /** Explicit padding for this input (SAME amounts resolved), or null when DL4J's layer pads by itself. */
    private Padding explicitPads(Shape s) {
        if (padding.mode() == Padding.Mode.SAME || padding.symmetric()) {
            return null;
        }
        Padding p = padding.resolve(s.height(), s.width(), effKh(), effKw(), sh, sw);
        return p.symmetric() ? null : p;
    }

    /** The padding DL4J's own layer gets: SAME, or symmetric explicit (zero when a helper layer pads). */
    private Padding nativePadding(Shape s) {
        if (padding.mode() == Padding.Mode.SAME || padding.symmetric()) {
            return padding;
        }
        Padding p = padding.resolve(s.height(), s.width(), effKh(), effKw(), sh, sw);
        return p.symmetric() ? p : Padding.VALID;
    }

    @Override
    Shape outputShape(String name, List<Shape> in) {
        Shape s = requireImage(name, kind(), single(in));
        int h;
        int w;
        if (flavour == Flavour.TRANSPOSED) {
            checkTransposed(name);
            h = padding.same() ? s.height() * sh : sh * (s.height() - 1) + effKh() - padding.top() - padding.bottom() + oph;
            w = padding.same() ? s.width() * sw : sw * (s.width() - 1) + effKw() - padding.left() - padding.right() + opw;
        } else {
            if (oph != 0 || opw != 0) {
                throw new ShapeException(name, "outputPadding applies to transposedConv only");
            }
            Padding p = padding.mode() == Padding.Mode.SAME_START ? padding.resolve(s.height(), s.width(), effKh(), effKw(), sh, sw) : padding;
            h = p.outputHeight(s.height(), effKh(), sh);
            w = p.outputWidth(s.width(), effKw(), sw);
        }
        if (h <= 0 || w <= 0) {
            throw new ShapeException(name, "kernel " + kh + "x" + kw + (dh > 1 || dw > 1 ? " dilated " + dh + "x" + dw : "")
                    + " with stride " + sh + "x" + sw + " and padding " + padding + " does not fit input " + s
                    + " (output would be " + h + "x" + w + "); use padding SAME, a smaller kernel or a larger input");
        }
        int c = flavour == Flavour.DEPTHWISE ? s.channels() * filters : filters;
        return Shape.image(h, w, c);
    }

    /** PyTorch's rules for a transposed conv: output padding below the stride or dilation, and within the crop. */
    private void checkTransposed(String name) {
        if (padding.mode() == Padding.Mode.SAME_START) {
            throw new ShapeException(name, "padding SAME_START does not apply to transposedConv; use explicit padding"
                    + " with outputPadding (PyTorch's padding/output_padding)");
        }
        if ((oph != 0 || opw != 0) && padding.same()) {
            throw new ShapeException(name, "outputPadding applies with explicit padding, not SAME (SAME already gives in*stride)");
        }
        if ((oph >= sh && oph >= dh) || (opw >= sw && opw >= dw)) {
            throw new ShapeException(name, "outputPadding " + oph + "x" + opw + " must be smaller than the stride "
                    + sh + "x" + sw + " or the dilation " + dh + "x" + dw + " (PyTorch's rule)");
        }
        if (oph > padding.bottom() || opw > padding.right()) {
            throw new ShapeException(name, "outputPadding " + oph + "x" + opw + " larger than the bottom/right padding "
                    + padding.bottom() + "x" + padding.right() + " would add rows only the bias reaches, which"
                    + " DL4J's transposed conv cannot compute; give padding at least as large as outputPadding");
        }
    }

    @Override
    boolean crops() {
        return flavour == Flavour.TRANSPOSED && (oph != 0 || opw != 0 || !(padding.same() || padding.symmetric()));
    }

    @Override
    Layer after(List<Shape> in) {
        return new Cropping2D(padding.top(), padding.bottom() - oph, padding.left(), padding.right() - opw);
    }

    @Override
    Layer before(List<Shape> in) {
        Padding p = flavour == Flavour.TRANSPOSED ? null : explicitPads(single(in));
        return p == null ? null : new ZeroPaddingLayer.Builder(p.top(), p.bottom(), p.left(), p.right()).build();
    }

    @Override
    Layer layer(List<Shape> in) {
        int nIn = single(in).channels();
        IActivation activation = ActivationSpec.onImage(this.activation, null);   // a fused softmax: over channels
        Padding native_ = flavour == Flavour.TRANSPOSED ? (crops() ? Padding.VALID : padding) : nativePadding(single(in));
        ConvolutionMode mode = native_.same() ? ConvolutionMode.Same : ConvolutionMode.Truncate;
        int[] k = {kh, kw};
        int[] s = {sh, sw};
        int[] p = {native_.top(), native_.left()};
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
