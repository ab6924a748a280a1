package io.transfer4j.dsl;

import java.util.List;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;

/** Max or average pooling over a window, or over the whole feature map (global pooling → flat vector). */
final class PoolSpec extends LayerSpec {
    final PoolingType type;
    final boolean global;
    final int kh;
    final int kw;
    int sh;
    int sw;
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

    @Override
    Shape outputShape(String name, List<Shape> in) {
        Shape s = requireImage(name, kind(), single(in));
        if (global) {
            return Shape.flat(s.channels());
        }
        int h = padding.outputSize(s.height(), kh, sh, padding.height());
        int w = padding.outputSize(s.width(), kw, sw, padding.width());
        if (h <= 0 || w <= 0) {
            throw new ShapeException(name, "pool window " + kh + "x" + kw + " with stride " + sh + "x" + sw
                    + " does not fit input " + s + "; use a smaller window or padding SAME");
        }
        return Shape.image(h, w, s.channels());
    }

    @Override
    Layer layer(List<Shape> in) {
        if (global) {
            return new GlobalPoolingLayer.Builder(type).build();
        }
        return new SubsamplingLayer.Builder(type, new int[] {kh, kw}, new int[] {sh, sw},
                new int[] {padding.height(), padding.width()})
                .convolutionMode(padding.same() ? ConvolutionMode.Same : ConvolutionMode.Truncate).build();
    }
}
