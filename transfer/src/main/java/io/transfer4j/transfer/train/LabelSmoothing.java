package io.transfer4j.transfer.train;

import java.util.Random;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Label smoothing (Szegedy et al.; PyTorch's {@code CrossEntropyLoss(label_smoothing=ε)}): each training target
 * becomes {@code (1 - ε) · y + ε / K} for K classes, so the model is not pushed towards infinitely confident logits.
 * For a multi-label head ({@code binary}) every label is its own yes/no question, so K = 2: {@code (1 - ε) · y + ε / 2}
 * (1 → 0.95 and 0 → 0.05 at ε = 0.1), whatever the number of labels.
 *
 * <pre>{@code
 * TrainingConfig.builder(10).batchTransform(new LabelSmoothing(0.1))          // [0, 1, 0] -> [0.033, 0.933, 0.033]
 * TrainingConfig.builder(10).batchTransform(LabelSmoothing.binary(0.1))       // [1, 0, 1] -> [0.95, 0.05, 0.95]
 * }</pre>
 */
public record LabelSmoothing(double epsilon, boolean binary) implements BatchTransform {
    public LabelSmoothing {
        if (!(epsilon >= 0 && epsilon < 1)) {
            throw new IllegalArgumentException("label smoothing must be in [0, 1), got " + epsilon + " (0.1 is usual)");
        }
    }

    /** Smoothing over the K classes of a softmax head. */
    public LabelSmoothing(double epsilon) {
        this(epsilon, false);
    }

    /** Smoothing of each label of a multi-label (sigmoid) head towards 0.5. */
    public static LabelSmoothing binary(double epsilon) {
        return new LabelSmoothing(epsilon, true);
    }

    @Override
    public DataSet apply(DataSet batch, Random random) {
        long k = binary ? 2 : batch.getLabels().size(1);
        return new DataSet(batch.getFeatures(), batch.getLabels().mul(1 - epsilon).addi(epsilon / k));
    }
}
