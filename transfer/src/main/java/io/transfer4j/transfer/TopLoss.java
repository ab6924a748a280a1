package io.transfer4j.transfer;

import java.util.Locale;

/**
 * One of the worst-predicted examples of an evaluation (fastai's "top losses").
 *
 * @param example     position of the example in the evaluated data (0-based)
 * @param source      where it came from (file path or URI) when the data source knows, else null
 * @param actual      its true label
 * @param predicted   the label the model gave it
 * @param probability the probability the model gave the true label
 * @param loss        cross-entropy of the example, {@code -ln(probability)}
 */
public record TopLoss(int example, String source, String actual, String predicted, double probability, double loss) {
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "#%d %s: actual %s, predicted %s, p(actual)=%.4f, loss %.3f", example,
                source == null ? "(no file)" : source, actual, predicted, probability, loss);
    }
}
