package io.transfer4j.zoo;

/** What a headless model ({@code includeTop(false)}) ends with, as Keras's {@code pooling} argument. */
public enum Pooling {
    /** The last feature map as it is (e.g. 7×7×512 for VGG16). */
    NONE,
    /** Global average pooling to a vector of the feature width. */
    AVG,
    /** Global max pooling to a vector of the feature width. */
    MAX
}
