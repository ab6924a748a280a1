package io.transfer4j.transfer;

import java.util.Locale;

/**
 * One ranked answer of a {@link Classifier}: class index, its label and probability.
 *
 * @param index       output index of the class
 * @param label       its label (the model file's labels)
 * @param probability softmax probability, 0..1 (a multi-label model's: the label's sigmoid output, 0..1)
 */
public record Prediction(int index, String label, double probability) {
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d %s %.6g", index, label, probability);
    }
}
