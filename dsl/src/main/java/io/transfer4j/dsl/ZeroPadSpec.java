package io.transfer4j.dsl;

import java.util.List;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.ZeroPaddingLayer;

/** Zero rows/columns added around an image: {@code top, bottom, left, right}. */
final class ZeroPadSpec extends LayerSpec {
    final int top;
    final int bottom;
    final int left;
    final int right;

    ZeroPadSpec(int top, int bottom, int left, int right) {
        if (top < 0 || bottom < 0 || left < 0 || right < 0) {
            throw new IllegalArgumentException("zero padding must be >= 0, got " + top + "," + bottom + "," + left + "," + right);
        }
        this.top = top;
        this.bottom = bottom;
        this.left = left;
        this.right = right;
    }

    @Override
    String kind() {
        return "pad";
    }

    @Override
    Shape outputShape(String name, List<Shape> in) {
        Shape s = requireImage(name, "zeroPad", single(in));
        return Shape.image(s.height() + top + bottom, s.width() + left + right, s.channels());
    }

    @Override
    Layer layer(List<Shape> in) {
        return new ZeroPaddingLayer.Builder(top, bottom, left, right).build();
    }
}
