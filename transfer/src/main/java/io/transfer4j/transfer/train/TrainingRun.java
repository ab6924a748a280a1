package io.transfer4j.transfer.train;

import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * What a {@link Callback} sees of the run in progress: the model, the configuration, the history so far, and
 * the switch that ends the run ({@link #stop}: the current batch finishes, its epoch is validated and
 * recorded, and no further epoch starts — Keras's {@code stop_training}).
 *
 * <pre>{@code
 * public void onBatchEnd(TrainingRun run, BatchStats b) {
 *     if (Double.isNaN(b.loss())) run.stop("loss is NaN at iteration " + b.iteration());
 * }
 * }</pre>
 */
public final class TrainingRun {
    private final ComputationGraph graph;
    private final TrainingConfig config;
    private final TrainerState state;
    private final boolean validation;
    private long epochExamples = -1;
    private String stopReason;
    private ComputationGraph trainingGraph;

    TrainingRun(ComputationGraph graph, TrainingConfig config, TrainerState state, boolean validation) {
        this.graph = graph;
        this.config = config;
        this.state = state;
        this.validation = validation;
    }

    /** Whether the run has validation data (so {@link EpochStats#validationLoss()} is a number). */
    public boolean hasValidation() {
        return validation;
    }

    /** The model being trained (the full graph, also when the head trains on cached features). */
    public ComputationGraph graph() {
        return graph;
    }

    public TrainingConfig config() {
        return config;
    }

    /** Epochs completed, those before a resume included. */
    public int epochsDone() {
        return state.epochsDone;
    }

    /** One entry per completed epoch of the whole run. */
    public List<EpochStats> history() {
        return List.copyOf(state.history);
    }

    /** Training examples per epoch, or -1 when an iterator does not say. */
    public long epochExamples() {
        return epochExamples;
    }

    /** Ends the run after the current batch (its epoch is still validated and recorded). */
    public void stop(String reason) {
        if (stopReason == null) {
            stopReason = reason == null ? "stopped by a callback" : reason;
        }
    }

    /** Why the run was asked to stop, or null. */
    public String stopReason() {
        return stopReason;
    }

    /** The graph the optimisation steps update: the head alone when it trains on cached features, else {@link #graph()}. */
    ComputationGraph trainingGraph() {
        return trainingGraph == null ? graph : trainingGraph;
    }

    void trainingGraph(ComputationGraph g) {
        this.trainingGraph = g;
    }

    TrainerState state() {
        return state;
    }

    void epochExamples(long n) {
        this.epochExamples = n;
    }
}
