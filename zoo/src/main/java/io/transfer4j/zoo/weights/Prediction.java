package io.transfer4j.zoo.weights;

import java.util.Locale;

/**
 * One entry of a top-k decoding: the class index, its name and the model's probability for it.
 *
 * <pre>{@code
 * Prediction p = Labels.imagenet().decode(probabilities, 1).get(0);   // e.g. 281 tabby 0.83
 * }</pre>
 */
public record Prediction(int index, String label, double probability) {
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d %s %.4f", index, label, probability);
    }
}
