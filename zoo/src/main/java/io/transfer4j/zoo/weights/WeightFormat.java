package io.transfer4j.zoo.weights;

/** How a weight file is laid out, i.e. which loader reads it. */
public enum WeightFormat {
    /** Keras Applications weights-only HDF5 file (Keras 2 layout). */
    KERAS_H5,
    /** A DL4J {@code ModelSerializer} zip, as DL4J's model zoo published them. */
    DL4J_ZIP,
    /** A model saved by transfer4j itself. */
    TRANSFER4J
}
