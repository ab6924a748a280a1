package io.transfer4j.dsl;

/**
 * How a convolution or pooling window treats the border.
 * <ul>
 *   <li>{@link #SAME}: output size {@code ceil(in / stride)}, zero padding added as TensorFlow/Keras do
 *       (the extra pixel, if any, goes bottom/right);</li>
 *   <li>{@link #VALID}: no padding, {@code floor((in - k) / stride) + 1};</li>
 *   <li>{@link #of(int, int)}: explicit symmetric padding {@code P}: {@code floor((in - k + 2P) / stride) + 1}.</li>
 * </ul>
 * Asymmetric padding is a separate {@code zeroPad(top, bottom, left, right)} layer.
 *
 * <pre>{@code b.conv(96, 11).stride(4).padding(Padding.VALID)}</pre>
 */
public record Padding(boolean same, int height, int width) {
    public static final Padding SAME = new Padding(true, 0, 0);
    public static final Padding VALID = new Padding(false, 0, 0);

    public Padding {
        if (height < 0 || width < 0) {
            throw new IllegalArgumentException("padding must be >= 0, got " + height + "x" + width);
        }
        if (same && (height != 0 || width != 0)) {
            throw new IllegalArgumentException("padding SAME computes its own amounts; use Padding.SAME, or Padding.of("
                    + height + ", " + width + ") for explicit padding");
        }
    }

    public static Padding of(int p) {
        return of(p, p);
    }

    public static Padding of(int height, int width) {
        return new Padding(false, height, width);
    }

    /** Output length along one axis for a window of effective size {@code k} (after dilation). */
    int outputSize(int in, int k, int stride, int pad) {
        if (same) {
            return (in + stride - 1) / stride;
        }
        int span = in + 2 * pad - k;
        return span < 0 ? span : span / stride + 1;
    }

    @Override
    public String toString() {
        return same ? "same" : (height == 0 && width == 0) ? "valid" : height + "x" + width;
    }
}
