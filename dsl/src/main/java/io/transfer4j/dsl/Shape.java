package io.transfer4j.dsl;

import org.deeplearning4j.nn.conf.inputs.InputType;

/**
 * The shape of one example flowing through a network: an image (height × width × channels) or a flat
 * vector of {@code size} values. Batch size is never part of it.
 *
 * <pre>{@code Shape.image(224, 224, 3).elements() == 150_528}</pre>
 */
public record Shape(int height, int width, int channels, boolean image) {

    public Shape {
        if (height <= 0 || width <= 0 || channels <= 0) {
            throw new IllegalArgumentException("shape sizes must be > 0, got height " + height + ", width " + width
                    + ", channels " + channels);
        }
        if (!image && (height != 1 || width != 1)) {
            throw new IllegalArgumentException("a flat shape has height = width = 1; use Shape.flat(size)");
        }
    }

    public static Shape image(int height, int width, int channels) {
        return new Shape(height, width, channels, true);
    }

    public static Shape flat(int size) {
        return new Shape(1, 1, size, false);
    }

    /** Number of values per example. */
    public long elements() {
        return (long) height * width * channels;
    }

    /** Size of a flat vector, or of this image once flattened. */
    public int size() {
        return Math.toIntExact(elements());
    }

    InputType toInputType() {
        return image ? InputType.convolutional(height, width, channels) : InputType.feedForward(channels);
    }

    static Shape of(InputType t) {
        if (t instanceof InputType.InputTypeConvolutional c) {
            return image((int) c.getHeight(), (int) c.getWidth(), (int) c.getChannels());
        }
        return flat((int) t.arrayElementsPerExample());
    }

    @Override
    public String toString() {
        return image ? height + "x" + width + "x" + channels : String.valueOf(channels);
    }
}
