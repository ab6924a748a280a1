package io.transfer4j.transfer.train;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;

/**
 * Weight decay per parameter group, set by the {@link Trainer} on the layers it trains: decoupled (AdamW's
 * {@code w -= lr · λ · w} after the optimizer's step) or L2 ({@code λ · w} added to the gradient), with one
 * coefficient for the head (layers at the full learning rate) and one for the trunk (layers with a learning-rate
 * multiplier below 1: discriminative rates). Biases and BatchNorm parameters are not decayed (timm's convention)
 * unless {@link #decayBiasesAndBatchNorm}.
 *
 * <pre>{@code
 * TrainingConfig.builder(10).weightDecay(WeightDecay.decoupled(1e-2))              // AdamW-style, head and trunk
 * TrainingConfig.builder(10).weightDecay(WeightDecay.l2(1e-4).trunk(0))            // L2 on the head only
 * }</pre>
 */
public record WeightDecay(boolean decoupled, double head, double trunk, boolean decayBiasesAndBatchNorm) {
    public WeightDecay {
        if (!(head >= 0) || !(trunk >= 0) || Double.isInfinite(head) || Double.isInfinite(trunk)) {
            throw new IllegalArgumentException("weight decay must be >= 0 and finite, got head " + head + ", trunk " + trunk);
        }
    }

    /** Decoupled weight decay {@code lambda} on every group (AdamW). */
    public static WeightDecay decoupled(double lambda) {
        return new WeightDecay(true, lambda, lambda, false);
    }

    /** L2 regularisation {@code lambda} on every group. */
    public static WeightDecay l2(double lambda) {
        return new WeightDecay(false, lambda, lambda, false);
    }

    /** The trunk group's coefficient (layers with a learning-rate multiplier below 1). */
    public WeightDecay trunk(double lambda) {
        return new WeightDecay(decoupled, head, lambda, decayBiasesAndBatchNorm);
    }

    /** The head group's coefficient. */
    public WeightDecay head(double lambda) {
        return new WeightDecay(decoupled, lambda, trunk, decayBiasesAndBatchNorm);
    }

    /** Decays biases and BatchNorm's gamma and beta too. */
    public WeightDecay decayBiasesAndBatchNorm(boolean on) {
        return new WeightDecay(decoupled, head, trunk, on);
    }

    /** Sets the regularisation of every trainable layer of {@code graph} (DL4J reads it at every step). */
    void applyTo(ComputationGraph graph) {
        Map<String, Double> multipliers = LayerRates.multipliers(graph);
        for (Map.Entry<String, BaseLayer> e : LayerRates.trainable(graph).entrySet()) {
            BaseLayer layer = e.getValue();
            double lambda = multipliers.getOrDefault(e.getKey(), 1.0) < 1.0 ? trunk : head;
            List<Regularization> r = lambda == 0 ? List.of() : List.of(decoupled
                    ? new org.nd4j.linalg.learning.regularization.WeightDecay(lambda, true) : new L2Regularization(lambda));
            boolean bn = layer instanceof BatchNormalization;
            layer.setRegularization(bn && !decayBiasesAndBatchNorm ? new java.util.ArrayList<>() : new java.util.ArrayList<>(r));
            layer.setRegularizationBias(decayBiasesAndBatchNorm ? new java.util.ArrayList<>(r) : new java.util.ArrayList<>());
        }
    }
}
