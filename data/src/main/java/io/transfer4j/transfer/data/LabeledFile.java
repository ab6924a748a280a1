package io.transfer4j.transfer.data;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * One image file and its class index, or (multi-label data) every class it belongs to.
 *
 * <pre>{@code
 * new LabeledFile(Path.of("roads/unpaved/1.jpg"), 2);                 // one class
 * new LabeledFile(Path.of("roads/7.jpg"), new int[] {0, 3});           // cobbled and wet
 * }</pre>
 *
 * @param path   the image
 * @param label  index into the data's sorted class names; with several labels the first, with none {@link #NONE}
 * @param labels every label of the image, ascending, {@code label} first ({@code [label]} for single-label data;
 *               empty for a multi-label image that has none)
 */
public record LabeledFile(Path path, int label, int[] labels) {
    /** The {@code label} of a multi-label image that has none of the labels (a negative example for all). */
    public static final int NONE = -1;

    public LabeledFile {
        if (labels == null) {
            throw new IllegalArgumentException("image " + path + ": labels must not be null");
        }
        labels = labels.clone();
        Arrays.sort(labels);
        for (int i = 1; i < labels.length; i++) {
            if (labels[i] == labels[i - 1]) {
                throw new IllegalArgumentException("image " + path + " has label " + labels[i] + " twice");
            }
        }
        if (label != (labels.length == 0 ? NONE : labels[0])) {
            throw new IllegalArgumentException("image " + path + ": label " + label + " must be the first of " + Arrays.toString(labels));
        }
    }

    /** A single-label image. */
    public LabeledFile(Path path, int label) {
        this(path, label, new int[] {label});
    }

    /** An image of multi-label data: any number of labels, none included. */
    public LabeledFile(Path path, int[] labels) {
        this(path, Arrays.stream(labels).min().orElse(NONE), labels);
    }

    /** Every label of the image (a copy). */
    @Override
    public int[] labels() {
        return labels.clone();
    }

    /** Whether the image has more than one label. */
    public boolean hasSeveralLabels() {
        return labels.length > 1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabeledFile f && f.path.equals(path) && Arrays.equals(f.labels, labels);
    }

    @Override
    public int hashCode() {
        return path.hashCode() * 31 + Arrays.hashCode(labels);
    }

    @Override
    public String toString() {
        return path + " " + (labels.length == 1 ? String.valueOf(label) : Arrays.toString(labels));
    }
}
