package io.transfer4j.dsl;

/**
 * The axis a {@code softmax()} layer normalises over when its input is an image (H×W×C). Named rather than
 * numbered because Keras (channels last, {@code axis=-1}) and DL4J/PyTorch (NCHW, {@code dim=1}) number the
 * channels differently. On a flat vector only {@link #CHANNELS} (the vector itself) applies.
 *
 * <pre>{@code
 * b.conv(5, 1).softmax();                    // class probabilities per pixel: channels sum to 1
 * b.conv(5, 1).softmax(SoftmaxAxis.WIDTH);   // DL4J's own behaviour on NCHW arrays (the last axis)
 * }</pre>
 */
public enum SoftmaxAxis {
    CHANNELS(1),
    HEIGHT(2),
    WIDTH(3);

    private final int nchwDimension;

    SoftmaxAxis(int nchwDimension) {
        this.nchwDimension = nchwDimension;
    }

    /** The dimension of a DL4J NCHW activation array ({@code [batch, channels, height, width]}). */
    public int nchwDimension() {
        return nchwDimension;
    }

    /** The axis of NCHW dimension {@code d}, for naming; {@code null} for the batch or an unknown dimension. */
    static SoftmaxAxis ofDimension(int d) {
        for (SoftmaxAxis a : values()) {
            if (a.nchwDimension == d) {
                return a;
            }
        }
        return null;
    }
}
