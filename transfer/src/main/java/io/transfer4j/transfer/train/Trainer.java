package io.transfer4j.transfer.train;

import io.transfer4j.dsl.PhaseTimes;
import io.transfer4j.transfer.GradientAccumulation;
import io.transfer4j.transfer.onnx.Engine;
import io.transfer4j.transfer.data.Rows;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The training loop (the lower level under {@code io.transfer4j.transfer.Learner}): epochs of mini-batches,
 * validation, and events for {@link Callback}s — the progress bar and epoch summary ({@link ConsoleProgress}),
 * early stopping that restores the best weights ({@link EarlyStopping}), an atomic checkpoint after every epoch
 * ({@link ModelCheckpoint}) and {@link #resume} from it are callbacks the configuration adds; and — when
 * everything below the head is frozen — training the head alone on
 * trunk features computed once ({@link FeatureCaching}), which gives the same result as running the whole
 * network every epoch, much faster.
 *
 * <pre>{@code
 * TrainingConfig config = TrainingConfig.builder(20).batchSize(32).optimizer(Updaters.adam(1e-3))
 *         .earlyStopping(EarlyStopping.onValidationAccuracy(3)).checkpointDir(Path.of("runs/a")).build();
 * TrainingResult r = new Trainer(graph, config).fit(train, validation);
 * // after a crash: Trainer.resume(Path.of("runs/a"), config).fit(train, validation);
 * }</pre>
 *
 * <p>Reproducibility: with DataSet input the trainer shuffles with {@code seed} and the epoch number and
 * reseeds ND4J's generator (dropout) at each epoch start, so a resumed run repeats the interrupted epoch
 * exactly. With a DataSetIterator the iterator's own order is used; when its features are cached, the
 * cached examples are drawn in the iterator's batch size and shuffled by the trainer ({@code shuffle(false)}
 * replays the iterator's order, which makes cached and uncached runs identical).
 *
 * <p>Memory: {@code microBatches(n)} computes each batch's gradient in n parts summed into one step
 * ({@link GradientAccumulation}), so peak memory follows the micro-batch while the step stays the batch's.
 * Validation goes through the whole network in batches of at most that micro-batch size too (through a
 * cached head, 256).
 */
public final class Trainer {
    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);
    private static final int EVAL_BATCH = 256;

    private final ComputationGraph graph;
    private final TrainingConfig config;
    private TrainerState state;
    private boolean prepared;

    /** A trainer for {@code graph} (trained in place). */
    public Trainer(ComputationGraph graph, TrainingConfig config) {
        if (graph == null || config == null) {
            throw new IllegalArgumentException("Trainer needs a graph and a TrainingConfig");
        }
        this.graph = graph;
        this.config = config;
        this.state = new TrainerState();
        this.state.seed = config.seed();
    }

    /**
     * Continues the run whose checkpoint is in {@code dir}: the model with its optimizer state and schedule
     * position, the epochs done, the early-stopping counters and best weights. Call {@code fit} with the same
     * data; it runs the remaining epochs of {@code config.epochs()}.
     */
    public static Trainer resume(Path dir, TrainingConfig config) throws IOException {
        Checkpoint cp = Checkpoint.read(dir);
        TrainingConfig c = config.checkpointDir() == null ? config.toBuilder().checkpointDir(dir).build() : config;
        Trainer t = new Trainer(cp.graph, c);
        t.state = cp.state;
        t.prepared = true; // optimizer and schedule came back with the model, with their state
        LOG.info("resuming from {}: {} of {} epochs done", dir.resolve(Checkpoint.FILE), cp.state.epochsDone, c.epochs());
        return t;
    }

    /** The model being trained. */
    public ComputationGraph graph() {
        return graph;
    }

    /** Epochs completed so far (including those before a resume). */
    public int epochsDone() {
        return state.epochsDone;
    }

    /** Trains on {@code train}, batched and shuffled by the trainer; {@code validation} may be null. */
    public TrainingResult fit(DataSet train, DataSet validation) {
        return fit(DataSource.of(train), validation == null ? null : DataSource.of(validation));
    }

    /** Trains on the batches {@code train} yields each epoch (reset before each); {@code validation} may be null. */
    public TrainingResult fit(DataSetIterator train, DataSetIterator validation) {
        return fit(DataSource.of(train), validation == null ? null : DataSource.of(validation));
    }

    /** Trains on {@code train} (in memory or an iterator); {@code validation} may be null. */
    public TrainingResult fit(DataSource train, DataSource validation) {
        if (train == null) {
            throw new IllegalArgumentException("no training data (null)");
        }
        ReplacedGraphs.requireCurrent(graph, "this Trainer");
        TrainingRun run = new TrainingRun(graph, config, state, validation != null);
        List<Callback> callbacks = callbacks();
        callbacks.forEach(c -> c.onTrainBegin(run));
        if (state.epochsDone >= config.epochs() || state.stoppedEarly) {
            // a resumed run that had finished: nothing to compute, only the end-of-run callbacks (best weights back)
            callbacks.forEach(c -> c.onTrainEnd(run));
            return new TrainingResult(graph, List.copyOf(state.history), state.bestEpoch, state.stoppedEarly, false);
        }
        prepare();
        GraphSplit split = chooseSplit();
        if (config.balancedSampling() && MultiLabelOutput.isMultiLabel(graph)) {   // before any trunk pass
            throw new IllegalArgumentException("the balanced sampler draws every class equally often, which multi-label data "
                    + "(several labels per image) does not define; train without it (CLI: --sampler shuffle)");
        }
        HybridStep hybrid = split == null ? HybridStep.of(graph, config, engineCacheDir()) : null;
        GraphSplit headSplit = hybrid != null ? hybrid.split : split;   // the graph the epochs train: head, or rest after trunk
        ComputationGraph net = graph;
        Rows trainRows = null;
        Rows valRows = null;
        try {
            if (split != null) {
                try (TrunkFeatures trunk = new TrunkFeatures(graph, split.featureNode(), config.engine(), engineCacheDir())) {
                    trainRows = features(trunk, train);
                    valRows = validation == null ? null : features(trunk, validation);
                }
                net = split.buildHead();
            } else if (hybrid != null) {
                valRows = validation == null ? null : features(hybrid.trunk, validation);
                trainRows = train.inMemory() ? Rows.of(train.dataSet()) : null;   // images: through the trunk batch by batch
                net = hybrid.split.buildHead();
            } else {
                trainRows = train.inMemory() ? Rows.of(train.dataSet()) : null;
                valRows = validation != null && validation.inMemory() ? Rows.of(validation.dataSet()) : null;
            }
            // cached iterator data keeps the iterator's batch size; the order is the trainer's (seeded) shuffle
            int batchSize = train.inMemory() || train.iterator().batch() < 1 ? config.batchSize() : train.iterator().batch();
            if (trainRows != null && config.microBatches() > batchSize) {
                throw new IllegalArgumentException("microBatches (" + config.microBatches() + ") is larger than the batch size ("
                        + batchSize + "): each batch is split into microBatches parts, so use at most " + batchSize
                        + " or raise batchSize");
            }
            Batches raw = config.balancedSampling() ? balanced(trainRows, batchSize)
                    : trainRows != null ? Batches.shuffled(trainRows, batchSize, config.shuffle(), state.seed)
                    : Batches.of(train.iterator());
            Batches batches = hybrid != null ? hybrid.map(raw) : raw;
            applyClassWeights(net, batches);
            run.epochExamples(batches.examples());
            if (state.epochsDone == 0 && batches.examples() > 0) {
                long steps = config.epochs() * ((batches.examples() + batchSize - 1) / batchSize);
                BatchNormWarmup.warnings(net, steps).forEach(LOG::warn);
            }
            Batches valBatches = validation == null ? null
                    : valRows != null ? Batches.shuffled(valRows, EVAL_BATCH, false, 0) : Batches.of(validation.iterator());
            ComputationGraph trained = net;
            PhaseTimes.time("train", () -> epochs(run, callbacks, trained, headSplit, batches, valBatches,
                    validationBatch(headSplit, batchSize), split != null));
        } finally {
            if (hybrid != null) {
                hybrid.close();
            }
            if (trainRows != null) {
                trainRows.close();
            }
            if (valRows != null) {
                valRows.close();
            }
        }
        callbacks.forEach(c -> c.onTrainEnd(run));
        return new TrainingResult(graph, List.copyOf(state.history), state.bestEpoch, state.stoppedEarly, split != null);
    }

    private Rows features(TrunkFeatures trunk, DataSource source) {
        return source.inMemory() ? FeatureCache.of(trunk, source.dataSet(), config.cacheMemoryBudgetBytes())
                : FeatureCache.of(trunk, source.iterator(), config.cacheMemoryBudgetBytes(), config.featureStore());
    }

    /** The loop's observers: early stopping, checkpoint, console progress, then the user's callbacks. */
    private List<Callback> callbacks() {
        List<Callback> out = new ArrayList<>();
        if (config.earlyStopping() != null) {
            out.add(config.earlyStopping());
        }
        if (config.checkpointDir() != null) {
            out.add(new ModelCheckpoint(config.checkpointDir()));
        }
        out.add(new ConsoleProgress(config.progressBar()));
        out.addAll(config.callbacks());
        return out;
    }

    private void epochs(TrainingRun run, List<Callback> callbacks, ComputationGraph net, GraphSplit split, Batches batches,
                        Batches valBatches, int valMaxBatch, boolean cached) {
        TrainAccuracyProbe probe = new TrainAccuracyProbe();
        var workspaceMode = Dl4jWorkarounds.beforeTraining(net);
        Collection<TrainingListener> before = new ArrayList<>(net.getListeners() == null ? List.of() : net.getListeners());
        List<TrainingListener> with = new ArrayList<>(before);
        with.add(probe);
        net.setListeners(with);
        run.trainingGraph(net);
        WeightEma ema = callbacks.stream().filter(WeightEma.class::isInstance).map(WeightEma.class::cast).findFirst().orElse(null);
        try {
            for (int e = state.epochsDone; e < config.epochs() && !state.stoppedEarly && run.stopReason() == null; e++) {
                Nd4j.getRandom().setSeed(state.seed * 1_000_003L + e);
                probe.reset();
                int epoch = e + 1;
                callbacks.forEach(c -> c.onEpochBegin(run, epoch));
                double lossSum = 0;
                long seen = 0;
                long t0 = System.nanoTime();
                for (var it = batches.epoch(e); it.hasNext() && run.stopReason() == null; ) {
                    DataSet ds = it.next();
                    probe.expect(ds.getLabels());
                    double loss = step(net, transformed(ds, net.getConfiguration().getIterationCount()));
                    int b = ds.numExamples();
                    lossSum += loss * b;
                    seen += b;
                    BatchStats bs = new BatchStats(epoch, net.getConfiguration().getIterationCount(), loss, b, lossSum / seen, probe.accuracy());
                    callbacks.forEach(c -> c.onBatchEnd(run, bs));
                }
                if (seen == 0) {
                    throw new IllegalArgumentException("the training data yielded no examples in epoch " + epoch);
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                double lr = LayerRates.current(net);
                net.incrementEpochCount();
                if (ema != null) {
                    ema.swapIn();       // validation, early stopping and checkpoints see the averaged weights
                }
                double[] val = valBatches == null ? new double[] {Double.NaN, Double.NaN} : Validation.lossAndAccuracy(net, valBatches, valMaxBatch);
                if (split != null) {
                    split.copyBack(net);
                }
                EpochStats stats = new EpochStats(epoch, config.epochs(), lossSum / seen, probe.accuracy(), val[0], val[1], lr,
                        seconds, seen, cached);
                state.epochsDone = epoch;
                state.history.add(stats);
                // early stopping (the first callback) may stop the run: the checkpoint after it records that
                for (Callback c : callbacks) {
                    c.onEpochEnd(run, stats);
                    state.stoppedEarly = run.stopReason() != null && epoch < config.epochs();
                }
                boolean last = epoch >= config.epochs() || state.stoppedEarly || run.stopReason() != null;
                if (ema != null && !last) {
                    ema.restore();      // the next epoch trains on the weights' own values; the model ends on the average
                }
            }
        } finally {
            net.setListeners(before);
            Dl4jWorkarounds.afterTraining(net, workspaceMode);
        }
    }

    /**
     * Most examples per validation forward pass (larger validation batches, an iterator's included, are split):
     * 256 through a cached head; through the whole network no more than a
     * training micro-batch, the size known to fit (256 VGG16 images at 224x224 would need tens of GB of im2col
     * buffers, where micro-batches of 4 were chosen to fit 6 GB).
     */
    private int validationBatch(GraphSplit split, int batchSize) {
        if (split != null) {
            return EVAL_BATCH;
        }
        int micro = (batchSize + config.microBatches() - 1) / config.microBatches();
        return Math.max(1, Math.min(EVAL_BATCH, micro));
    }

    /** {@code batch} after the configured batch transforms, drawn from (seed, iteration). */
    private DataSet transformed(DataSet batch, int iteration) {
        DataSet out = batch;
        java.util.Random random = new java.util.Random(state.seed * 1_000_003L + iteration);
        for (BatchTransform t : config.batchTransforms()) {
            out = t.apply(out, random);
        }
        return out;
    }

    /** Class-balanced batches of {@code rows}, the class of each row read in one pass. */
    private Batches balanced(Rows rows, int batchSize) {
        if (rows == null) {
            throw new IllegalArgumentException("the balanced sampler draws rows the trainer holds (an in-memory DataSet or cached trunk "
                    + "features), but this training data is an iterator that is not cached (augmented images?); use class weights "
                    + "(ClassWeights.balanced(), CLI --class-weights auto) instead");
        }
        int[] classes = new int[rows.size()];
        int i = 0;
        for (var it = Batches.shuffled(rows, EVAL_BATCH, false, 0).epoch(0); it.hasNext(); ) {
            for (int c : it.next().getLabels().argMax(1).toIntVector()) {
                classes[i++] = c;
            }
        }
        return Batches.balanced(rows, batchSize, state.seed, classes);
    }

    /** Puts the configured class weights (balanced ones counted over one pass of the training labels) into the loss. */
    private void applyClassWeights(ComputationGraph net, Batches batches) {
        ClassWeights cw = config.classWeights();
        if (cw == null) {
            return;
        }
        double[] w = cw.weights();
        if (cw.isBalanced()) {
            long[] counts = null;
            for (var it = batches.epoch(0); it.hasNext(); ) {
                DataSet d = it.next();
                counts = counts == null ? new long[(int) d.getLabels().size(1)] : counts;
                ClassWeights.count(d, counts);
            }
            w = ClassWeights.balanced(counts);
            LOG.info("balanced class weights {}", java.util.Arrays.toString(w));
        }
        ClassWeights.applyTo(graph, w);
        if (net != graph) {
            ClassWeights.applyTo(net, w);
        }
    }

    /** One optimizer step on {@code batch}, whole or in micro-batches; returns its mean loss. */
    private double step(ComputationGraph net, DataSet batch) {
        if (config.microBatches() > 1) {
            return GradientAccumulation.fit(net, batch, config.microBatches());
        }
        net.fit(batch);
        return net.score();
    }

    /** Applies the configured optimizer and schedule once, on a fresh run (a resumed model already has them). */
    private void prepare() {
        if (prepared) {
            return;
        }
        if (LayerRates.trainable(graph).isEmpty()) {
            throw new IllegalStateException("nothing to train: every layer of the model is frozen (unfreeze the head)");
        }
        if (config.optimizer() != null) {
            LayerRates.replaceOptimizer(graph, config.optimizer());
        }
        if (config.schedule() != null) {
            LayerRates.applySchedule(graph, config.schedule());
        }
        if (config.weightDecay() != null) {
            config.weightDecay().applyTo(graph);
        }
        prepared = true;
    }

    /** The configured directory for the exported trunk, else next to the checkpoint, else a temporary one. */
    private Path engineCacheDir() {
        if (config.engineCacheDir() != null) {
            return config.engineCacheDir();
        }
        return config.checkpointDir() != null ? config.checkpointDir().resolve("onnx") : Engine.defaultCacheDir();
    }

    private GraphSplit chooseSplit() {
        if (config.featureCaching() == FeatureCaching.OFF) {
            return null;
        }
        GraphSplit.Result r = GraphSplit.of(graph);
        String why = config.augmentedInput() ? "the input is augmented (features change every epoch)"
                : config.batchTransforms().stream().anyMatch(BatchTransform::needsImages) ? "a batch transform (CutMix) needs images"
                : r.whyNot();
        if (why == null) {
            LOG.info("feature caching: training the head ({} layers after '{}') on trunk features computed once",
                    r.split().headVertices.size(), r.split().featureNode());
            return r.split();
        }
        if (config.featureCaching() == FeatureCaching.REQUIRED) {
            throw new IllegalStateException("feature caching is REQUIRED but impossible: " + why);
        }
        LOG.info("feature caching off: {}", why);
        return null;
    }
}
