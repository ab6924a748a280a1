package io.transfer4j.zoo;

import io.transfer4j.dsl.Shape;

/**
 * The one signature every zoo model takes, as Keras applications do.
 *
 * @param includeTop whether the classifier top is built
 * @param pooling    what a headless model ends with (ignored with the top)
 * @param numClasses classes of the top
 * @param inputShape input size (the model's native size unless changed)
 * @param seed       random seed for initialisation
 */
public record ModelOptions(boolean includeTop, Pooling pooling, int numClasses, Shape inputShape, long seed) {
}
