package io.transfer4j.transfer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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

    /** The {@code k} most probable of {@code probabilities} (one per label), most probable first. */
    static List<Prediction> top(double[] probabilities, List<String> labels, int k) {
        if (k <= 0) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        double[] p = probabilities;
        Integer[] idx = new Integer[p.length];
        Arrays.setAll(idx, i -> i);
        Arrays.sort(idx, (a, b) -> Double.compare(p[b], p[a]));
        List<Prediction> out = new ArrayList<>();
        for (int i = 0; i < Math.min(k, p.length); i++) {
            out.add(new Prediction(idx[i], labels.get(idx[i]), p[idx[i]]));
        }
        return out;
    }
}
