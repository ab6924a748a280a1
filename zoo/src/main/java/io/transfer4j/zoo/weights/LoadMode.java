package io.transfer4j.zoo.weights;

/** How a loader pairs the file's layers with the model's layers. */
public enum LoadMode {
    /** By name when at least one layer name of the file exists in the model, otherwise by order. */
    AUTO,
    /** Layers with the same name; the model's layer names must be Keras's (as in the zoo models). */
    BY_NAME,
    /** Keras's own way: the n-th file layer that has weights goes to the n-th model layer that has parameters. */
    BY_ORDER
}
