package io.transfer4j.transfer.train;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An exponential moving average of the trained weights (timm's {@code ModelEmaV2}), as a callback: after every
 * optimisation step {@code ema = decay * ema + (1 - decay) * weights}, starting from the weights before the first
 * step. When it is on, validation runs on the averaged weights, so early stopping, the best weights it restores and
 * the checkpoints see them, and the model ends the run holding them. Batch-norm running statistics are averaged
 * like the weights. With feature caching it averages the head that trains (the frozen trunk does not change).
 * A resumed run starts its average from the checkpoint's weights.
 *
 * <pre>{@code
 * TrainingConfig.builder(20).ema(0.999).build();       // or .callback(new WeightEma(0.999))
 * }</pre>
 */
public final class WeightEma implements Callback {
    private final double decay;
    private ComputationGraph net;
    private INDArray average;
    private INDArray raw;

    /** @param decay the weight of the old average at each step, in [0, 1) (0.999 for thousands of steps, 0.9 for tens) */
    public WeightEma(double decay) {
        if (!(decay >= 0 && decay < 1)) {
            throw new IllegalArgumentException("EMA decay must be in [0, 1) (0.999 is usual; 0.9 for short runs), got " + decay);
        }
        this.decay = decay;
    }

    public double decay() {
        return decay;
    }

    @Override
    public void onTrainBegin(TrainingRun run) {
        average = null;         // each fit starts its own average
        raw = null;
    }

    @Override
    public void onEpochBegin(TrainingRun run, int epoch) {
        ComputationGraph trained = run.trainingGraph();
        if (average == null || trained != net) {
            net = trained;
            average = trained.params().dup();
        }
    }

    @Override
    public void onBatchEnd(TrainingRun run, BatchStats batch) {
        average.muli(decay).addi(net.params().mul(1 - decay));
    }

    /** The averaged weights (null before the first epoch). */
    public INDArray average() {
        return average;
    }

    /** Puts the average into the trained graph, keeping its own weights for {@link #restore}. */
    void swapIn() {
        if (average != null) {
            raw = net.params().dup();
            net.setParams(average);
        }
    }

    /** The trained graph's own weights while the average is swapped in (null otherwise). */
    INDArray ownWeights() {
        return raw;
    }

    /** Gives the trained graph back its own weights, to go on training. */
    void restore() {
        if (raw != null) {
            net.setParams(raw);
            raw = null;
        }
    }
}
