package io.transfer4j.dsl;

/**
 * How a convolution or pooling window treats the border.
 * <ul>
 *   <li>{@link #SAME}: output size {@code ceil(in / stride)}, zero padding added as TensorFlow/Keras do
 *       (the extra pixel, if any, goes bottom/right; ONNX's {@code SAME_UPPER});</li>
 *   <li>{@link #SAME_START}: the same amounts, the extra pixel top/left (ONNX's {@code SAME_LOWER});</li>
 *   <li>{@link #VALID}: no padding, {@code floor((in - k) / stride) + 1};</li>
 *   <li>{@link #of(int, int)}: explicit symmetric padding {@code P}: {@code floor((in - k + 2P) / stride) + 1};</li>
 *   <li>{@link #of(int, int, int, int)}: explicit padding per side, as Keras's {@code ZeroPadding2D(((0,1),(0,1)))}
 *       before a stride-2 conv (MobileNet, EfficientNet) or ONNX's {@code pads}.</li>
 * </ul>
 *
 * <pre>{@code b.conv(32, 3).stride(2).padding(Padding.of(0, 1, 0, 1))}</pre>
 */
public record Padding(Mode mode, int top, int bottom, int left, int right) {
    /** Where the padding amounts come from. */
    public enum Mode { EXPLICIT, SAME, SAME_START }

    public static final Padding SAME = new Padding(Mode.SAME, 0, 0, 0, 0);
    public static final Padding SAME_START = new Padding(Mode.SAME_START, 0, 0, 0, 0);
    public static final Padding VALID = new Padding(Mode.EXPLICIT, 0, 0, 0, 0);

    public Padding {
        if (top < 0 || bottom < 0 || left < 0 || right < 0) {
            throw new IllegalArgumentException("padding must be >= 0, got top " + top + ", bottom " + bottom
                    + ", left " + left + ", right " + right);
        }
        if (mode != Mode.EXPLICIT && (top | bottom | left | right) != 0) {
            throw new IllegalArgumentException("padding " + mode + " computes its own amounts; use Padding." + mode
                    + ", or Padding.of(" + top + ", " + bottom + ", " + left + ", " + right + ") for explicit padding");
        }
    }

    public static Padding of(int p) {
        return of(p, p);
    }

    /** Symmetric padding: {@code height} rows on top and bottom, {@code width} columns left and right. */
    public static Padding of(int height, int width) {
        return of(height, height, width, width);
    }

    public static Padding of(int top, int bottom, int left, int right) {
        return new Padding(Mode.EXPLICIT, top, bottom, left, right);
    }

    /** Whether the amounts follow from the input size (SAME or SAME_START). */
    public boolean same() {
        return mode != Mode.EXPLICIT;
    }

    /** Explicit and equal on opposite sides: what DL4J's own layers can express. */
    boolean symmetric() {
        return mode == Mode.EXPLICIT && top == bottom && left == right;
    }

    /** Explicit amounts for an input of {@code h}×{@code w} under windows {@code kh}×{@code kw} (after dilation). */
    Padding resolve(int h, int w, int kh, int kw, int sh, int sw) {
        if (mode == Mode.EXPLICIT) {
            return this;
        }
        int th = sameTotal(h, kh, sh);
        int tw = sameTotal(w, kw, sw);
        boolean start = mode == Mode.SAME_START;
        return of(start ? th - th / 2 : th / 2, start ? th / 2 : th - th / 2, start ? tw - tw / 2 : tw / 2, start ? tw / 2 : tw - tw / 2);
    }

    private static int sameTotal(int in, int k, int s) {
        int out = (in + s - 1) / s;
        return Math.max((out - 1) * s + k - in, 0);
    }

    /** Output length along the height axis for a window of effective size {@code k} (after dilation). */
    int outputHeight(int in, int k, int stride) {
        return same() ? (in + stride - 1) / stride : floorSize(in + top + bottom - k, stride);
    }

    int outputWidth(int in, int k, int stride) {
        return same() ? (in + stride - 1) / stride : floorSize(in + left + right - k, stride);
    }

    private static int floorSize(int span, int stride) {
        return span < 0 ? span : span / stride + 1;
    }

    @Override
    public String toString() {
        if (mode == Mode.SAME) {
            return "same";
        }
        if (mode == Mode.SAME_START) {
            return "same_start";
        }
        if ((top | bottom | left | right) == 0) {
            return "valid";
        }
        return symmetric() ? top + "x" + left : "t" + top + "b" + bottom + "l" + left + "r" + right;
    }
}
