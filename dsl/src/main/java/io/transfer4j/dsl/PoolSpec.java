package io.transfer4j.dsl;

import java.util.List;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;

/**
 * Max or average pooling over a window, or over the whole feature map (global pooling → flat vector, or a 1×1
 * image with {@code keepDims}, as a squeeze-and-excitation gate needs).
 * DL4J's {@code SubsamplingLayer} runs what it can express (SAME, symmetric padding, dilation, padding counted
 * in the average); ceil mode, asymmetric padding and SAME_START run on {@link PaddedPooling2D}.
 */
final class PoolSpec extends LayerSpec {
    final PoolingType type;
    final boolean global;
    final int kh;
    final int kw;
    int sh;
    int sw;
    int dh = 1;
    int dw = 1;
    boolean ceilMode;
    boolean countIncludePad;
    boolean keepDims;   // global pooling: a 1x1xC image instead of a vector (ONNX's GlobalAveragePool, keepdims)
    Padding padding = Padding.VALID;

    PoolSpec(PoolingType type, boolean global, int kh, int kw) {
        this.type = type;
        this.global = global;
        this.kh = global ? 0 : positive("pool height", kh);
        this.kw = global ? 0 : positive("pool width", kw);
        this.sh = this.kh;
        this.sw = this.kw;
    }

    @Override
    String kind() {
        String t = type == PoolingType.MAX ? "max" : "avg";
        return global ? "global_" + t + "_pool" : t + "_pool";
    }

    int effKh() {
        return dh * (kh - 1) + 1;
    }

    int effKw() {
        return dw * (kw - 1) + 1;
    }

    /** Whether DL4J's own layer computes this pooling. */
    private boolean isNative(Shape s) {
        if (ceilMode) {
            return false;
        }
        if (padding.mode() == Padding.Mode.SAME && !countIncludePad) {
            return true;
        }
        return explicit(s).symmetric();
    }

    private Padding explicit(Shape s) {
        return padding.resolve(s.height(), s.width(), effKh(), effKw(), sh, sw);
    }

    @Override
    Shape outputShape(String name, List<Shape> in) {
        Shape s = requireImage(name, kind(), single(in));
        if (global) {
            return keepDims ? Shape.image(1, 1, s.channels()) : Shape.flat(s.channels());
        }
        if (ceilMode && padding.same()) {
            throw new ShapeException(name, "ceilMode does not apply with padding " + padding
                    + " (SAME already rounds up); use explicit padding, as PyTorch's ceil_mode does");
        }
        int h;
        int w;
        if (padding.mode() == Padding.Mode.SAME) {
            h = padding.outputHeight(s.height(), effKh(), sh);
            w = padding.outputWidth(s.width(), effKw(), sw);
        } else {
            Padding p = explicit(s);
            if (p.top() >= effKh() || p.bottom() >= effKh() || p.left() >= effKw() || p.right() >= effKw()) {
                throw new ShapeException(name, "padding " + p + " must be smaller than the pool window " + effKh() + "x" + effKw()
                        + " (a window of padding only has no value)");
            }
            h = PaddedPooling2D.outputSize(s.height(), effKh(), sh, p.top(), p.bottom(), ceilMode);
            w = PaddedPooling2D.outputSize(s.width(), effKw(), sw, p.left(), p.right(), ceilMode);
        }
        if (h <= 0 || w <= 0) {
            throw new ShapeException(name, "pool window " + kh + "x" + kw + " with stride " + sh + "x" + sw
                    + " does not fit input " + s + "; use a smaller window or padding SAME");
        }
        return Shape.image(h, w, s.channels());
    }

    @Override
    Layer layer(List<Shape> in) {
        if (global) {
            return new GlobalPoolingLayer.Builder(type).collapseDimensions(!keepDims).build();
        }
        Shape s = single(in);
        if (!isNative(s)) {
            Padding p = explicit(s);
            return new PaddedPooling2D(type == PoolingType.MAX, new int[] {kh, kw}, new int[] {sh, sw}, new int[] {dh, dw},
                    new int[] {p.top(), p.bottom(), p.left(), p.right()}, ceilMode, countIncludePad);
        }
        boolean same = padding.mode() == Padding.Mode.SAME && !countIncludePad;
        Padding p = same ? padding : explicit(s);
        return new SubsamplingLayer.Builder(type, new int[] {kh, kw}, new int[] {sh, sw}, new int[] {p.top(), p.left()})
                .dilation(dh, dw).avgPoolIncludePadInDivisor(countIncludePad)
                .convolutionMode(same ? ConvolutionMode.Same : ConvolutionMode.Truncate).build();
    }
}
