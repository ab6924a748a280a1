package io.transfer4j.transfer.train;

import io.transfer4j.transfer.data.Rows;
import io.transfer4j.transfer.onnx.Engine;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/**
 * Leslie Smith's learning-rate range test, as fastai's {@code lr_find}: train a copy of the model for a
 * few hundred steps while the learning rate grows exponentially from {@code start} to {@code end}, record
 * the (smoothed) loss, stop once it diverges, and suggest a rate. The model itself is not touched. With a
 * frozen trunk the sweep runs on cached features, like the {@link Trainer}.
 *
 * <pre>{@code
 * LrFinderResult r = LrFinder.builder().steps(100).build().find(graph, trainData);
 * double lr = r.suggestion();
 * r.plot(Path.of("lr-find.png"));
 * }</pre>
 */
public final class LrFinder {
    private final double start;
    private final double end;
    private final int steps;
    private final int batchSize;
    private final long seed;
    private final double smoothing;
    private final double divergeFactor;
    private final boolean augmented;

    private LrFinder(Builder b) {
        this.start = b.start;
        this.end = b.end;
        this.steps = b.steps;
        this.batchSize = b.batchSize;
        this.seed = b.seed;
        this.smoothing = b.smoothing;
        this.divergeFactor = b.divergeFactor;
        this.augmented = b.augmented;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Sweeps on a copy of {@code graph} with batches of {@code data}; layer-group multipliers are kept. */
    public LrFinderResult find(ComputationGraph graph, DataSet data) {
        if (data == null || data.numExamples() == 0) {
            throw new IllegalArgumentException("the LR finder needs training data");
        }
        return find(graph, DataSource.of(data));
    }

    /**
     * Sweeps on a copy of {@code graph} over {@code data}: an in-memory DataSet is drawn in shuffled batches of
     * {@link Builder#batchSize}, an iterator's batches are taken as it yields them (reset when it runs out).
     */
    public LrFinderResult find(ComputationGraph graph, DataSource data) {
        ReplacedGraphs.requireCurrent(graph, "the LR finder");
        ComputationGraph copy = graph.clone();
        if (LayerRates.trainable(copy).isEmpty()) {
            throw new IllegalStateException("nothing to train: every layer of the model is frozen");
        }
        GraphSplit split = augmented ? null : GraphSplit.of(copy).split();
        ComputationGraph net = copy;
        Rows rows = null;
        if (split != null) {
            // the trunk on the default engine (ONNX Runtime when available), as the Trainer's cache does
            try (TrunkFeatures trunk = new TrunkFeatures(copy, split.featureNode(), Engine.Kind.AUTO, Engine.defaultCacheDir())) {
                rows = data.inMemory() ? FeatureCache.of(trunk, data.dataSet(), Long.MAX_VALUE)
                        : FeatureCache.of(trunk, data.iterator(), Long.MAX_VALUE);
            }
            net = split.buildHead();
        } else if (data.inMemory()) {
            rows = Rows.of(data.dataSet());
        }
        Batches batches = rows != null ? Batches.shuffled(rows, batchSize, true, seed) : Batches.of(data.iterator());
        var workspaceMode = Dl4jWorkarounds.beforeTraining(net);
        try {
            double gamma = Math.pow(end / start, 1.0 / Math.max(1, steps - 1));
            net.getConfiguration().setIterationCount(0);
            net.getConfiguration().setEpochCount(0);
            LayerRates.applySchedule(net, new ExponentialSchedule(ScheduleType.ITERATION, start, gamma));
            List<Double> lrs = new ArrayList<>();
            List<Double> raw = new ArrayList<>();
            List<Double> smooth = new ArrayList<>();
            double avg = 0;
            double best = Double.POSITIVE_INFINITY;
            int epoch = 0;
            Iterator<DataSet> it = batches.epoch(epoch);
            Nd4j.getRandom().setSeed(seed);
            for (int i = 0; i < steps; i++) {
                if (!it.hasNext()) {
                    it = batches.epoch(++epoch);
                    if (!it.hasNext()) {
                        throw new IllegalArgumentException("the LR finder's data yielded no batches");
                    }
                }
                net.fit(it.next());
                double loss = net.score();
                avg = smoothing * avg + (1 - smoothing) * loss;
                double debiased = avg / (1 - Math.pow(smoothing, i + 1));
                lrs.add(start * Math.pow(gamma, i));
                raw.add(loss);
                smooth.add(debiased);
                if (!Double.isFinite(loss) || debiased > divergeFactor * best) {
                    break;
                }
                best = Math.min(best, debiased);
            }
            return LrFinderResult.of(lrs, raw, smooth);
        } finally {
            Dl4jWorkarounds.afterTraining(net, workspaceMode);
            if (rows != null) {
                rows.close();
            }
        }
    }

    /** Optional settings: sweep from 1e-7 to 10 in 100 steps of 32 examples, smoothing 0.98, stop at 4× the best loss. */
    public static final class Builder {
        private double start = 1e-7;
        private double end = 10;
        private int steps = 100;
        private int batchSize = 32;
        private long seed = 42;
        private double smoothing = 0.98;
        private double divergeFactor = 4;
        private boolean augmented;

        /** Declares that the data changes between passes (augmentation): trunk features are then not cached. */
        public Builder augmentedInput(boolean changes) {
            this.augmented = changes;
            return this;
        }

        public Builder range(double startLr, double endLr) {
            if (!(startLr > 0 && endLr > startLr)) {
                throw new IllegalArgumentException("LR range must satisfy 0 < start < end, got " + startLr + " .. " + endLr);
            }
            this.start = startLr;
            this.end = endLr;
            return this;
        }

        public Builder steps(int n) {
            if (n < 5) {
                throw new IllegalArgumentException("the LR finder needs at least 5 steps, got " + n);
            }
            this.steps = n;
            return this;
        }

        public Builder batchSize(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("batchSize must be at least 1, got " + n);
            }
            this.batchSize = n;
            return this;
        }

        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /** Exponential smoothing of the loss curve, 0 (none) to below 1 (default 0.98). */
        public Builder smoothing(double beta) {
            if (!(beta >= 0 && beta < 1)) {
                throw new IllegalArgumentException("smoothing must be in [0, 1), got " + beta);
            }
            this.smoothing = beta;
            return this;
        }

        public LrFinder build() {
            return new LrFinder(this);
        }
    }
}
