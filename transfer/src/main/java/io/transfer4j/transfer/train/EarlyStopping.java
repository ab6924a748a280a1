package io.transfer4j.transfer.train;

import org.slf4j.LoggerFactory;

/**
 * When to stop: the validation metric has not improved by more than {@code minDelta} for {@code patience}
 * epochs. With {@link #restoreBestWeights()} (the default) the model ends with the weights of its best
 * epoch, not its last. The counters live in the run's state, which the checkpoint saves, so a resumed run
 * stops where the uninterrupted one would have. A {@link Callback}: {@code TrainingConfig.earlyStopping(...)}
 * puts it first among the callbacks (before the checkpoint, which then records its decision).
 *
 * <pre>{@code EarlyStopping.onValidationAccuracy(3)}   // or onValidationLoss(5).minDelta(1e-3)</pre>
 */
public record EarlyStopping(Metric metric, int patience, double minDelta, boolean restoreBestWeights) implements Callback {
    /** What is watched on the validation data. */
    public enum Metric {
        ACCURACY(true), LOSS(false);

        private final boolean higherIsBetter;

        Metric(boolean higherIsBetter) {
            this.higherIsBetter = higherIsBetter;
        }

        public boolean higherIsBetter() {
            return higherIsBetter;
        }
    }

    public EarlyStopping {
        if (metric == null) {
            throw new IllegalArgumentException("early stopping needs a metric (ACCURACY or LOSS)");
        }
        if (patience < 1) {
            throw new IllegalArgumentException("early stopping patience must be at least 1 epoch, got " + patience);
        }
        if (!(minDelta >= 0)) {
            throw new IllegalArgumentException("early stopping minDelta must be >= 0, got " + minDelta);
        }
    }

    public static EarlyStopping onValidationAccuracy(int patience) {
        return new EarlyStopping(Metric.ACCURACY, patience, 0, true);
    }

    public static EarlyStopping onValidationLoss(int patience) {
        return new EarlyStopping(Metric.LOSS, patience, 0, true);
    }

    /** Only improvements larger than {@code delta} count. */
    public EarlyStopping minDelta(double delta) {
        return new EarlyStopping(metric, patience, delta, restoreBestWeights);
    }

    /** Whether to end with the best epoch's weights (default true). */
    public EarlyStopping restoreBestWeights(boolean restore) {
        return new EarlyStopping(metric, patience, minDelta, restore);
    }

    /** Whether {@code candidate} beats {@code best} by more than {@link #minDelta()}. */
    boolean improves(double candidate, double best) {
        if (Double.isNaN(candidate)) {
            return false;
        }
        if (Double.isNaN(best)) {
            return true;
        }
        return metric.higherIsBetter() ? candidate > best + minDelta : candidate < best - minDelta;
    }

    /** The metric's value in an epoch's statistics. */
    double valueOf(EpochStats stats) {
        return metric == Metric.ACCURACY ? stats.validationAccuracy() : stats.validationLoss();
    }

    @Override
    public void onTrainBegin(TrainingRun run) {
        if (!run.hasValidation()) {
            throw new IllegalArgumentException("early stopping watches validation data: pass a validation set to fit()");
        }
    }

    @Override
    public void onEpochEnd(TrainingRun run, EpochStats stats) {
        TrainerState state = run.state();
        double v = valueOf(stats);
        if (improves(v, state.bestValue)) {
            state.bestValue = v;
            state.bestEpoch = stats.epoch();
            state.epochsWithoutImprovement = 0;
            if (restoreBestWeights) {
                state.bestParams = run.graph().params().dup();
            }
        } else if (++state.epochsWithoutImprovement >= patience) {
            run.stop(String.format(java.util.Locale.ROOT, "early stopping after epoch %d: no %s improvement for %d epochs (best %s at epoch %d)",
                    stats.epoch(), metric.name().toLowerCase(java.util.Locale.ROOT), patience, state.bestValue, state.bestEpoch));
        }
    }

    @Override
    public void onTrainEnd(TrainingRun run) {
        TrainerState state = run.state();
        if (restoreBestWeights && state.bestParams != null && state.bestEpoch != state.epochsDone) {
            run.graph().setParams(state.bestParams);
            LoggerFactory.getLogger(EarlyStopping.class).info("restored the weights of epoch {} ({} {})", state.bestEpoch,
                    metric.name().toLowerCase(java.util.Locale.ROOT), state.bestValue);
        }
    }
}
