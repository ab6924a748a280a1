package io.transfer4j.transfer.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Spots runs too short for batch norm's running statistics. They are an exponential average,
 * {@code stat = m·stat + (1-m)·batch}, so after {@code n} steps the initial 0/1 still weigh {@code m^n}:
 * with Keras's default m = 0.99, a 300-step few-shot run from scratch ended with statistics far from the
 * data's and lost 4-8 accuracy points at inference (measured on Fashion-MNIST, see FashionCnn). Training
 * accuracy looks fine, the test accuracy does not: worth a warning before the run.
 */
final class BatchNormWarmup {
    /** The run should have at least this many averaging windows of 1/(1-m) steps (m^n ≈ e^-5 < 1%). */
    static final double WINDOWS = 5;

    private BatchNormWarmup() {
    }

    /**
     * One warning per trainable batch-norm layer whose momentum is too high for {@code steps} optimizer steps,
     * naming the layer and the fix; empty when every layer is fine (or the step count is unknown, &lt; 1).
     */
    static List<String> warnings(ComputationGraph net, long steps) {
        List<String> out = new ArrayList<>();
        if (steps < 1) {
            return out;
        }
        for (Map.Entry<String, BaseLayer> e : LayerRates.trainable(net).entrySet()) {
            if (e.getValue() instanceof BatchNormalization bn && steps < WINDOWS / (1 - bn.getDecay())) {
                double leftover = Math.pow(bn.getDecay(), steps);
                double suggested = Math.max(0, 1 - WINDOWS / steps);
                out.add(String.format(Locale.ROOT, "batch norm '%s' has momentum %.3f but the run has only %d steps: its running"
                        + " statistics will still hold %.0f%% of their initial 0/1 and predictions will suffer; use momentum <= %.2f"
                        + " (DSL: batchNorm().momentum(m)), train longer, or re-estimate them after training"
                        + " (BatchNormAdaptation.adapt)", e.getKey(), bn.getDecay(), steps, 100 * leftover, suggested));
            }
        }
        return out;
    }
}
