package io.transfer4j.zoo.weights;

/** How a loader pairs the file's layers with the model's layers. */
public enum LoadMode {
    /**
     * By name when the names account for every layer; else by order when that fits every layer (Keras
     * Applications files may call a layer differently, e.g. {@code probs} for {@code predictions}); else
     * whichever fits more layers, reporting the rest.
     */
    AUTO,
    /** Layers with the same name; the model's layer names must be Keras's (as in the zoo models). */
    BY_NAME,
    /** Keras's own way: the n-th file layer that has weights goes to the n-th model layer that has parameters. */
    BY_ORDER
}
