package io.transfer4j.transfer.train;

import java.util.Random;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Label smoothing (Szegedy et al.; PyTorch's {@code CrossEntropyLoss(label_smoothing=ε)}): each training target
 * becomes {@code (1 - ε) · y + ε / K} for K classes, so the model is not pushed towards infinitely confident logits.
 *
 * <pre>{@code TrainingConfig.builder(10).batchTransform(new LabelSmoothing(0.1))}   // [0, 1, 0] -> [0.033, 0.933, 0.033]</pre>
 */
public record LabelSmoothing(double epsilon) implements BatchTransform {
    public LabelSmoothing {
        if (!(epsilon >= 0 && epsilon < 1)) {
            throw new IllegalArgumentException("label smoothing must be in [0, 1), got " + epsilon + " (0.1 is usual)");
        }
    }

    @Override
    public DataSet apply(DataSet batch, Random random) {
        long k = batch.getLabels().size(1);
        return new DataSet(batch.getFeatures(), batch.getLabels().mul(1 - epsilon).addi(epsilon / k));
    }
}
