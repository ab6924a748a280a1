package io.transfer4j.transfer.train;

import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * What {@link Trainer#fit} returns.
 *
 * @param graph          the trained model (the best epoch's weights if early stopping restored them)
 * @param history        one entry per epoch of the whole run, resumed epochs included
 * @param bestEpoch      the epoch early stopping judged best (0 without early stopping)
 * @param stoppedEarly   whether early stopping ended the run before its last epoch
 * @param cachedFeatures whether the head was trained on cached trunk features
 */
public record TrainingResult(ComputationGraph graph, List<EpochStats> history, int bestEpoch, boolean stoppedEarly,
                             boolean cachedFeatures) {
    /** Epochs completed. */
    public int epochs() {
        return history.size();
    }

    /** The last epoch's statistics. */
    public EpochStats last() {
        return history.get(history.size() - 1);
    }
}
