package io.transfer4j.transfer;

import io.transfer4j.dsl.Summary;
import io.transfer4j.dsl.Updaters;
import io.transfer4j.transfer.LearnerData.Split;
import io.transfer4j.transfer.onnx.OnnxExport;
import io.transfer4j.transfer.train.Callback;
import io.transfer4j.transfer.train.Checkpoint;
import io.transfer4j.transfer.train.FineTune;
import io.transfer4j.transfer.train.LrFinder;
import io.transfer4j.transfer.train.LrFinderResult;
import io.transfer4j.transfer.train.Trainer;
import io.transfer4j.transfer.train.TrainingConfig;
import io.transfer4j.transfer.train.TrainingResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.nd4j.linalg.learning.config.IUpdater;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One object for the whole fine-tuning workflow, as fastai's {@code Learner} and Keras's {@code Model}: it owns the
 * {@link TransferModel}, its {@link LearnerData} and the training settings, and every method reads the model's
 * current graph — surgery between calls (unfreezing, a new head) can never leave a stale graph in training.
 *
 * <pre>{@code
 * ImageFolderData data = ImageFolder.of(root).preprocessing(base.info()).split(0.7, 0.15, 0.15).load();
 * TransferModel model = TransferModel.from(base).freezeAll().newHead(Head.labels(data.classNames()));
 * Learner learner = Learner.of(model, LearnerData.of(data))
 *         .settings(c -> c.batchSize(16).earlyStopping(EarlyStopping.onValidationAccuracy(3)))
 *         .callback(new MetricsLog(Path.of("runs/history.csv")));
 * learner.lrFind().plot(Path.of("lr.png"));
 * learner.fineTune(3, 5);                                   // head on the frozen trunk, then all, discriminative rates
 * EvaluationReport test = learner.evaluate(Split.TEST);
 * learner.save(Path.of("roads.zip"));
 * }</pre>
 *
 * <p>With {@link #checkpointDir} a killed run continues where its last checkpoint left it: call the same
 * {@code fit} / {@code fineTune} again. The {@link Trainer}, {@link LrFinder} and {@link Evaluator} it drives
 * are the lower level, for code that holds a bare {@code ComputationGraph}.
 */
public final class Learner {
    private static final Logger LOG = LoggerFactory.getLogger(Learner.class);
    private static final int EVAL_BATCH = 64;

    private final TransferModel model;
    private final LearnerData data;
    private UnaryOperator<TrainingConfig.Builder> settings = UnaryOperator.identity();
    private final List<Callback> callbacks = new ArrayList<>();
    private IUpdater optimizer;
    private Path checkpointDir;

    private Learner(TransferModel model, LearnerData data) {
        this.model = java.util.Objects.requireNonNull(model, "model");
        this.data = java.util.Objects.requireNonNull(data, "data");
    }

    /** A learner for {@code model} on {@code data}. */
    public static Learner of(TransferModel model, LearnerData data) {
        return new Learner(model, data);
    }

    /** The model (trained in place; its graph changes with every surgery call). */
    public TransferModel model() {
        return model;
    }

    public LearnerData data() {
        return data;
    }

    /**
     * Training settings for every fit: batch size, seed, early stopping, micro-batches, schedule, engine, ... Each call
     * adds to the settings given before (applied in order, so a later call wins where both set the same option): a
     * recipe's learner takes the caller's extras, e.g. {@code FewShotRecipe.transfer(...).settings(c -> c.progressBar(true))}.
     */
    public Learner settings(UnaryOperator<TrainingConfig.Builder> more) {
        java.util.Objects.requireNonNull(more, "settings");
        UnaryOperator<TrainingConfig.Builder> before = this.settings;
        this.settings = b -> more.apply(before.apply(b));
        return this;
    }

    /** Adds a callback to every fit (after the built-in ones). */
    public Learner callback(Callback callback) {
        callbacks.add(java.util.Objects.requireNonNull(callback, "callback"));
        return this;
    }

    /** {@link #fit} trains with Adam at {@code lr} (default: the optimizer the model has). */
    public Learner lr(double lr) {
        return optimizer(Updaters.adam(lr));
    }

    /** {@link #fit} trains with {@code updater} (default: the optimizer the model has). */
    public Learner optimizer(IUpdater updater) {
        this.optimizer = updater;
        return this;
    }

    /**
     * Checkpoints every epoch into {@code dir} ({@code dir/head} and {@code dir/unfrozen} for {@link #fineTune}), and
     * resumes from there when a checkpoint exists: after a kill, run the same call again.
     */
    public Learner checkpointDir(Path dir) {
        this.checkpointDir = dir;
        return this;
    }

    /** Trains for {@code epochs} with the settings (layers frozen as the model has them). */
    public TrainingResult fit(int epochs) {
        return train(epochs, optimizer, checkpointDir);
    }

    /** fastai's {@code fine_tune(unfrozenEpochs, freeze_epochs=headEpochs)} with the {@link FineTune} defaults. */
    public FineTune.Result fineTune(int headEpochs, int unfrozenEpochs) {
        return fineTune(FineTune.builder(headEpochs, unfrozenEpochs).build());
    }

    /**
     * Runs {@code recipe}: the head on the frozen trunk, then the selected layers unfrozen at the lower rate with
     * discriminative rates ({@link FineTune}). With a checkpoint directory a run killed in phase two resumes in phase
     * two (its result's {@code head} is then null).
     */
    public FineTune.Result fineTune(FineTune recipe) {
        if (model.trainableLayers().isEmpty()) {
            throw new IllegalStateException("model '" + model.name() + "' has nothing trainable: give it a head first");
        }
        Set<String> head = new LinkedHashSet<>(model.trainableLayers());
        Path headDir = checkpointDir == null ? null : checkpointDir.resolve("head");
        Path unfrozenDir = checkpointDir == null ? null : checkpointDir.resolve("unfrozen");
        TrainingResult h = null;
        if (recipe.headEpochs() > 0 && (unfrozenDir == null || !Checkpoint.exists(unfrozenDir))) {
            LOG.info("fine-tune phase 1: head only ({} layers trainable), {} epochs at lr {}", head.size(), recipe.headEpochs(), recipe.lr());
            h = train(recipe.headEpochs(), Updaters.adam(recipe.lr()), headDir);
        }
        model.unfreeze(recipe.unfreeze());
        discriminative(head, recipe.discriminative());
        LOG.info("fine-tune phase 2: {} layers trainable, {} epochs at lr {}", model.trainableLayers().size(), recipe.unfrozenEpochs(),
                recipe.unfrozenLr());
        TrainingResult u = train(recipe.unfrozenEpochs(), Updaters.adam(recipe.unfrozenLr()), unfrozenDir);
        model.recipe("fine_tune", recipe.headEpochs() + " head epochs at " + recipe.lr() + ", then " + recipe.unfrozenEpochs()
                + " epochs unfrozen at " + recipe.unfrozenLr() + " (trunk down to x" + recipe.discriminative() + ")");
        return new FineTune.Result(h, u);
    }

    /** The learning-rate range test on the training data with the default sweep. */
    public LrFinderResult lrFind() {
        return lrFind(LrFinder.builder());
    }

    /** The learning-rate range test with {@code sweep}'s settings; the model is not changed. */
    public LrFinderResult lrFind(LrFinder.Builder sweep) {
        return sweep.augmentedInput(data.augmented()).build().find(model.graph(), data.train());
    }

    /** Metrics on {@code split} with the {@link Evaluator} defaults. */
    public EvaluationReport evaluate(Split split) {
        return evaluate(split, UnaryOperator.identity());
    }

    /** Metrics on {@code split}; {@code options} sets top-k, TTA, ... */
    public EvaluationReport evaluate(Split split, UnaryOperator<Evaluator> options) {
        return options.apply(Evaluator.of(model)).evaluate(data.get(split).batches(EVAL_BATCH));
    }

    /** A multi-label model's metrics on {@code split}: mAP, F1, exact match at its thresholds ({@link MultiLabelReport}). */
    public MultiLabelReport evaluateMultiLabel(Split split) {
        return Evaluator.of(model).evaluateMultiLabel(data.get(split).batches(EVAL_BATCH));
    }

    /**
     * Sets a multi-label model's per-label thresholds to those that maximise each label's F1 on the validation images
     * ({@link MultiLabelReport#bestThresholds()}), and returns them: call after training, before evaluating on test.
     */
    public double[] tuneThresholds() {
        double[] best = evaluateMultiLabel(Split.VALIDATION).bestThresholds();
        model.thresholds(best);
        LOG.info("Thresholds tuned on the validation images: {}", java.util.Arrays.toString(best));
        return best;
    }

    /** Top-{@code k} classes of each image file, with the model's preprocessing. */
    public List<List<Prediction>> predict(List<Path> images, int k) {
        try (Classifier c = Classifier.of(model)) {
            return c.predictFiles(images, k);
        }
    }

    /** Top-{@code k} classes of one image file. */
    public List<Prediction> predict(Path image, int k) {
        return predict(List.of(image), k).get(0);
    }

    /** Saves the model file ({@link TransferModel#save}). */
    public Learner save(Path file) {
        model.save(file);
        return this;
    }

    /** Writes the model as ONNX ({@link OnnxExport}). */
    public Path export(Path onnxFile) {
        return OnnxExport.export(model.graph(), model.inputShapes(), onnxFile);
    }

    /** The model's layer table (frozen layers, learning-rate multipliers). */
    public Summary summary() {
        return model.summary();
    }

    private TrainingResult train(int epochs, IUpdater updater, Path checkpoint) {
        TrainingConfig.Builder b = settings.apply(TrainingConfig.builder(epochs)).augmentedInput(data.augmented());
        if (updater != null) {
            b.optimizer(updater);
        }
        if (checkpoint != null) {
            b.checkpointDir(checkpoint);
        }
        callbacks.forEach(b::callback);
        TrainingConfig config = b.build();
        Trainer trainer;
        if (checkpoint != null && Checkpoint.exists(checkpoint)) {
            try {
                trainer = Trainer.resume(checkpoint, config);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot resume from " + checkpoint + ": " + e.getMessage(), e);
            }
            model.adopt(trainer.graph());
        } else {
            trainer = new Trainer(model.graph(), config);
        }
        return trainer.fit(data.train(), data.validation());
    }

    /**
     * fastai's discriminative rates for phase two: the unfrozen trunk in two groups at {@code lowest} and
     * {@code sqrt(lowest)} of the head's rate (one group when the trunk has one layer); kept out of the way of
     * multipliers the user set on the model.
     */
    private void discriminative(Set<String> head, double lowest) {
        List<String> trainable = model.trainableLayers();
        if (lowest == 1.0 || trainable.stream().anyMatch(n -> model.lrMultiplier(n) != 1.0)) {
            return;
        }
        List<String> names = model.layerNames();
        List<String> trunk = trainable.stream().filter(n -> !head.contains(n)).toList();
        String firstHead = names.stream().filter(head::contains).findFirst().orElse(null);
        if (trunk.isEmpty() || firstHead == null || names.indexOf(trunk.get(trunk.size() - 1)) > names.indexOf(firstHead)) {
            return; // no trunk to slow down, or head and trunk interleave: one rate
        }
        String mid = trunk.get(trunk.size() / 2);
        model.lrGroups(lowest, trunk.size() >= 2 ? new String[] {mid, firstHead} : new String[] {firstHead});
    }
}
