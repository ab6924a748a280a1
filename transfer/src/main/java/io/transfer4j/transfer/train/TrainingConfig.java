package io.transfer4j.transfer.train;

import io.transfer4j.transfer.onnx.Engine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * How to train. The only required setting is the number of epochs; everything else has a default.
 *
 * <pre>{@code
 * TrainingConfig config = TrainingConfig.builder(20)          // required: epochs
 *     .batchSize(32)                                          // optional from here on
 *     .optimizer(Updaters.adam(1e-3))
 *     .schedule(LrSchedules.cosine(1e-3, 1e-5, 20))
 *     .earlyStopping(EarlyStopping.onValidationAccuracy(3))
 *     .checkpointDir(Path.of("runs/shoes"))
 *     .build();
 * }</pre>
 *
 * Defaults: batch 32; the optimizer already in the model; constant learning rate; seed 42; shuffle each
 * epoch; no early stopping; no checkpoints; feature caching {@link FeatureCaching#AUTO} with a 512 MB
 * in-memory budget (more goes to a temporary file), the trunk run by {@link Engine.Kind#AUTO} (ONNX Runtime when it
 * is on the classpath, exported once into {@code checkpointDir/onnx} or a temporary directory); input not
 * augmented; progress bar on; one micro-batch per batch (plain {@code fit}); no weight decay, class weights or batch
 * transforms; no persistent feature store.
 */
public final class TrainingConfig {
    private final int epochs;
    private final int batchSize;
    private final int microBatches;
    private final IUpdater optimizer;
    private final ISchedule schedule;
    private final long seed;
    private final boolean shuffle;
    private final EarlyStopping earlyStopping;
    private final Path checkpointDir;
    private final FeatureCaching featureCaching;
    private final long cacheMemoryBudgetBytes;
    private final Engine.Kind engine;
    private final Path engineCacheDir;
    private final boolean augmentedInput;
    private final boolean progressBar;
    private final List<Callback> callbacks;
    private final WeightDecay weightDecay;
    private final ClassWeights classWeights;
    private final List<BatchTransform> batchTransforms;
    private final FeatureStore featureStore;
    private final boolean balancedSampling;

    private TrainingConfig(Builder b) {
        this.epochs = b.epochs;
        this.batchSize = b.batchSize;
        this.microBatches = b.microBatches;
        this.optimizer = b.optimizer;
        this.schedule = b.schedule;
        this.seed = b.seed;
        this.shuffle = b.shuffle;
        this.earlyStopping = b.earlyStopping;
        this.checkpointDir = b.checkpointDir;
        this.featureCaching = b.featureCaching;
        this.cacheMemoryBudgetBytes = b.cacheMemoryBudgetBytes;
        this.engine = b.engine;
        this.engineCacheDir = b.engineCacheDir;
        this.augmentedInput = b.augmentedInput;
        this.progressBar = b.progressBar;
        this.callbacks = List.copyOf(b.callbacks);
        this.weightDecay = b.weightDecay;
        this.classWeights = b.classWeights;
        this.batchTransforms = List.copyOf(b.batchTransforms);
        this.featureStore = b.featureStore;
        this.balancedSampling = b.balancedSampling;
    }

    /** Starts a configuration; {@code epochs} is the total number of epochs of the run (resumes included). */
    public static Builder builder(int epochs) {
        return new Builder(epochs);
    }

    /** A builder holding this configuration's settings, to derive a variant. */
    public Builder toBuilder() {
        Builder b = new Builder(epochs).batchSize(batchSize).microBatches(microBatches).optimizer(optimizer).schedule(schedule).seed(seed)
                .shuffle(shuffle).earlyStopping(earlyStopping).checkpointDir(checkpointDir).featureCaching(featureCaching)
                .cacheMemoryBudgetBytes(cacheMemoryBudgetBytes).engine(engine).engineCacheDir(engineCacheDir).augmentedInput(augmentedInput).progressBar(progressBar);
        b.callbacks.addAll(callbacks);
        b.batchTransforms.addAll(batchTransforms);
        return b.weightDecay(weightDecay).classWeights(classWeights).featureStore(featureStore).balancedSampling(balancedSampling);
    }

    public int epochs() {
        return epochs;
    }

    public int batchSize() {
        return batchSize;
    }

    /** Parts each batch's gradient is computed in (1: the whole batch at once); see {@link Builder#microBatches}. */
    public int microBatches() {
        return microBatches;
    }

    /** The optimizer to train with, or null to keep the one configured in the model. */
    public IUpdater optimizer() {
        return optimizer;
    }

    /** The learning-rate schedule, or null for a constant rate. */
    public ISchedule schedule() {
        return schedule;
    }

    public long seed() {
        return seed;
    }

    public boolean shuffle() {
        return shuffle;
    }

    /** Early stopping, or null. */
    public EarlyStopping earlyStopping() {
        return earlyStopping;
    }

    /** Where the per-epoch checkpoint goes, or null for none. */
    public Path checkpointDir() {
        return checkpointDir;
    }

    public FeatureCaching featureCaching() {
        return featureCaching;
    }

    public long cacheMemoryBudgetBytes() {
        return cacheMemoryBudgetBytes;
    }

    /** What computes the cached trunk features. */
    public Engine.Kind engine() {
        return engine;
    }

    /** Whether training batches are drawn class-balanced (see {@link Builder#balancedSampling}). */
    public boolean balancedSampling() {
        return balancedSampling;
    }

    /** Where trunk features outlive the run, or null for none (see {@link Builder#featureStore}). */
    public FeatureStore featureStore() {
        return featureStore;
    }

    /** Where the exported trunk is cached, or null for the default (see {@link Builder#engineCacheDir}). */
    public Path engineCacheDir() {
        return engineCacheDir;
    }

    public boolean augmentedInput() {
        return augmentedInput;
    }

    public boolean progressBar() {
        return progressBar;
    }

    /** Weight decay per parameter group, or null for none (beyond what the model's layers have). */
    public WeightDecay weightDecay() {
        return weightDecay;
    }

    /** Class weights in the loss, or null. */
    public ClassWeights classWeights() {
        return classWeights;
    }

    /** Changes made to every training batch, in order (label smoothing, MixUp, ...). */
    public List<BatchTransform> batchTransforms() {
        return batchTransforms;
    }

    /** The user's callbacks, in order (the built-in ones come from the settings above). */
    public List<Callback> callbacks() {
        return callbacks;
    }

    /** Optional settings; see {@link TrainingConfig} for the defaults. */
    public static final class Builder {
        private final int epochs;
        private int batchSize = 32;
        private int microBatches = 1;
        private IUpdater optimizer;
        private ISchedule schedule;
        private long seed = 42;
        private boolean shuffle = true;
        private EarlyStopping earlyStopping;
        private Path checkpointDir;
        private FeatureCaching featureCaching = FeatureCaching.AUTO;
        private long cacheMemoryBudgetBytes = 512L << 20;
        private Engine.Kind engine = Engine.Kind.AUTO;
        private Path engineCacheDir;
        private boolean augmentedInput;
        private boolean progressBar = true;
        private final List<Callback> callbacks = new ArrayList<>();
        private WeightDecay weightDecay;
        private ClassWeights classWeights;
        private final List<BatchTransform> batchTransforms = new ArrayList<>();
        private FeatureStore featureStore;
        private boolean balancedSampling;

        private Builder(int epochs) {
            if (epochs < 1) {
                throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
            }
            this.epochs = epochs;
        }

        /** Examples per optimisation step when training from a DataSet (default 32). */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /**
         * Computes each batch's gradient in {@code n} micro-batches whose gradients are summed into one
         * optimizer step (gradient accumulation), to train with a batch whose activations do not fit in
         * memory: a fully trainable VGG16 at batch 16 fits 6 GB as {@code batchSize(16).microBatches(4)}.
         * The step equals the whole-batch step except for BatchNorm batch statistics and dropout masks, which
         * are per micro-batch. A batch of {@code b} examples is split into {@code min(n, b)} consecutive parts
         * whose sizes differ by at most one (so a short last batch or an iterator's batch size need not be a
         * multiple of {@code n}). Default 1; training from a DataSet needs {@code n <= batchSize}.
         */
        public Builder microBatches(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("microBatches must be at least 1 (1 = no gradient accumulation), got " + n);
            }
            this.microBatches = n;
            return this;
        }

        /**
         * Replaces the optimizer of every trainable layer (see {@code io.transfer4j.dsl.Updaters}). Layers with
         * their own learning-rate multiplier keep their ratio to the highest rate in the model.
         */
        public Builder optimizer(IUpdater optimizer) {
            this.optimizer = optimizer;
            return this;
        }

        /** A learning-rate schedule ({@link LrSchedules}); groups with multipliers keep their ratio. */
        public Builder schedule(ISchedule schedule) {
            this.schedule = schedule;
            return this;
        }

        /** Seed of the shuffling and of dropout (default 42). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Whether to reshuffle the training data every epoch (default true). */
        public Builder shuffle(boolean shuffle) {
            this.shuffle = shuffle;
            return this;
        }

        public Builder earlyStopping(EarlyStopping earlyStopping) {
            this.earlyStopping = earlyStopping;
            return this;
        }

        /** Writes {@code checkpoint.zip} there after every epoch, atomically; {@link Trainer#resume} reads it. */
        public Builder checkpointDir(Path dir) {
            this.checkpointDir = dir;
            return this;
        }

        public Builder featureCaching(FeatureCaching mode) {
            this.featureCaching = mode == null ? FeatureCaching.AUTO : mode;
            return this;
        }

        /** Cached features up to this size stay in memory; beyond it they go to a temporary file. */
        public Builder cacheMemoryBudgetBytes(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("cache memory budget must be >= 0 bytes, got " + bytes);
            }
            this.cacheMemoryBudgetBytes = bytes;
            return this;
        }

        /**
         * What runs the frozen trunk when features are cached: {@code AUTO} (default) picks ONNX Runtime when
         * {@code com.microsoft.onnxruntime:onnxruntime} is on the classpath and the trunk exports, else DL4J.
         */
        public Builder engine(Engine.Kind kind) {
            this.engine = kind == null ? Engine.Kind.AUTO : kind;
            return this;
        }

        /**
         * Where the exported trunk ({@code trunk-<hash>.onnx}, keyed by its configuration and weights) is kept
         * and reused. Default: {@code onnx/} in the checkpoint directory, else {@code transfer4j-onnx} in the
         * temporary directory.
         */
        public Builder engineCacheDir(Path dir) {
            this.engineCacheDir = dir;
            return this;
        }

        /**
         * Declares that the training iterator changes its images between epochs (random crops, flips...):
         * trunk features then cannot be cached. Default false.
         */
        public Builder augmentedInput(boolean augmented) {
            this.augmentedInput = augmented;
            return this;
        }

        /** Whether to draw a progress bar on the console (default true); the epoch summary is always logged. */
        public Builder progressBar(boolean show) {
            this.progressBar = show;
            return this;
        }

        /** Weight decay on the trained layers, per group (head, trunk), biases and BatchNorm excluded by default; null for none. */
        public Builder weightDecay(WeightDecay decay) {
            this.weightDecay = decay;
            return this;
        }

        /** Per-class weights in the cross-entropy loss ({@link ClassWeights#balanced()} for imbalanced data); null for none. */
        public Builder classWeights(ClassWeights weights) {
            this.classWeights = weights;
            return this;
        }

        /** Adds a change to every training batch ({@link LabelSmoothing}, {@link MixUp}), applied in the order added. */
        public Builder batchTransform(BatchTransform transform) {
            batchTransforms.add(java.util.Objects.requireNonNull(transform, "batch transform"));
            return this;
        }

        /**
         * Validates on, and ends with, an exponential moving average of the weights ({@link WeightEma}; 0.999 is usual,
         * 0.9 for runs of tens of steps). Same as {@code callback(new WeightEma(decay))}.
         */
        public Builder ema(double decay) {
            return callback(new WeightEma(decay));
        }

        /** Adds a callback (after early stopping, the checkpoint and the progress, which the settings above add). */
        public Builder callback(Callback callback) {
            callbacks.add(java.util.Objects.requireNonNull(callback, "callback"));
            return this;
        }

        /**
         * Keeps cached trunk features of image-folder data in {@code store} ({@link DiskFeatureStore#fromEnvironment()}:
         * under the transfer4j home), so a later run on the same images with the same trunk computes only the new
         * ones. In-memory DataSets are not stored (they have no file to key them by). Null (the default): none.
         */
        public Builder featureStore(FeatureStore store) {
            this.featureStore = store;
            return this;
        }

        /**
         * Draws each epoch's training rows class-balanced, with replacement (PyTorch's {@code WeightedRandomSampler}
         * with weights 1 / class count), for imbalanced data: every class is seen about equally often. Works on rows
         * the trainer batches itself — an in-memory DataSet or cached trunk features; with an iterator that is not
         * cached (an augmented image folder) the run fails naming the alternative (class weights). Default false.
         */
        public Builder balancedSampling(boolean balanced) {
            this.balancedSampling = balanced;
            return this;
        }

        public TrainingConfig build() {
            return new TrainingConfig(this);
        }
    }
}
