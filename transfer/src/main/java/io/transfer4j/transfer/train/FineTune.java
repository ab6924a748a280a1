package io.transfer4j.transfer.train;

import io.transfer4j.dsl.Updaters;
import io.transfer4j.transfer.LayerSelector;
import io.transfer4j.transfer.TransferModel;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gradual unfreezing in one call, as fastai's {@code fine_tune}: train the new head on the frozen trunk for
 * {@code headEpochs} (with feature caching, so fast), then unfreeze some or all of the trunk and train
 * everything for {@code unfrozenEpochs} at a lower rate ({@code lr × unfrozenLrFactor}), each layer at its
 * learning-rate multiplier (discriminative rates set on the model are kept). Phase two restarts the
 * optimizer state, as fastai does.
 *
 * <pre>{@code
 * TransferModel model = TransferModel.from(zooModel).newHead(Head.classes(3)).freezeAllExcept(Head.OUTPUT);
 * FineTune.Result r = FineTune.builder(2, 5).lr(1e-3).build().run(model, train, validation);
 * }</pre>
 */
public final class FineTune {
    private static final Logger LOG = LoggerFactory.getLogger(FineTune.class);

    private final int headEpochs;
    private final int unfrozenEpochs;
    private final double lr;
    private final double unfrozenLrFactor;
    private final LayerSelector unfreeze;
    private final UnaryOperator<TrainingConfig.Builder> settings;
    private final Path checkpointDir;

    private FineTune(Builder b) {
        this.headEpochs = b.headEpochs;
        this.unfrozenEpochs = b.unfrozenEpochs;
        this.lr = b.lr;
        this.unfrozenLrFactor = b.unfrozenLrFactor;
        this.unfreeze = b.unfreeze;
        this.settings = b.settings;
        this.checkpointDir = b.checkpointDir;
    }

    /** Required: epochs of head training, then epochs with the trunk unfrozen. */
    public static Builder builder(int headEpochs, int unfrozenEpochs) {
        return new Builder(headEpochs, unfrozenEpochs);
    }

    /** Both phases' results; the trained model is the {@link TransferModel} passed in. */
    public record Result(TrainingResult head, TrainingResult unfrozen) {
    }

    /** Runs both phases on {@code model} (trained in place; its graph is replaced when layers are unfrozen). */
    public Result run(TransferModel model, DataSet train, DataSet validation) {
        if (model.trainableLayers().isEmpty()) {
            throw new IllegalStateException("model '" + model.name() + "' has nothing trainable: give it a head first");
        }
        TrainingResult head = null;
        if (headEpochs > 0) {
            LOG.info("fine-tune phase 1: head only ({} layers trainable), {} epochs at lr {}", model.trainableLayers().size(), headEpochs, lr);
            head = new Trainer(model.graph(), phase(headEpochs, lr, "head")).fit(train, validation);
        }
        model.unfreeze(unfreeze);
        double lr2 = lr * unfrozenLrFactor;
        LOG.info("fine-tune phase 2: {} layers trainable, {} epochs at lr {}", model.trainableLayers().size(), unfrozenEpochs, lr2);
        TrainingResult unfrozen = new Trainer(model.graph(), phase(unfrozenEpochs, lr2, "unfrozen")).fit(train, validation);
        model.recipe("fine_tune", headEpochs + " head epochs at " + lr + ", then " + unfrozenEpochs + " epochs unfrozen at " + lr2);
        return new Result(head, unfrozen);
    }

    private TrainingConfig phase(int epochs, double rate, String name) {
        TrainingConfig.Builder b = settings.apply(TrainingConfig.builder(epochs)).optimizer(Updaters.adam(rate));
        TrainingConfig c = b.build();
        if (checkpointDir != null) {
            c = c.toBuilder().checkpointDir(checkpointDir.resolve(name)).build();
        }
        return c;
    }

    /** Optional settings: Adam at 1e-3, phase two at a tenth of it, unfreeze everything. */
    public static final class Builder {
        private final int headEpochs;
        private final int unfrozenEpochs;
        private double lr = 1e-3;
        private double unfrozenLrFactor = 0.1;
        private LayerSelector unfreeze = LayerSelector.all();
        private UnaryOperator<TrainingConfig.Builder> settings = UnaryOperator.identity();
        private Path checkpointDir;

        private Builder(int headEpochs, int unfrozenEpochs) {
            if (headEpochs < 0 || unfrozenEpochs < 1) {
                throw new IllegalArgumentException("fine-tune needs headEpochs >= 0 and unfrozenEpochs >= 1, got "
                        + headEpochs + " and " + unfrozenEpochs);
            }
            this.headEpochs = headEpochs;
            this.unfrozenEpochs = unfrozenEpochs;
        }

        /** Adam's learning rate for the head phase (default 1e-3). */
        public Builder lr(double rate) {
            if (!(rate > 0)) {
                throw new IllegalArgumentException("learning rate must be positive, got " + rate);
            }
            this.lr = rate;
            return this;
        }

        /** Phase two's rate relative to phase one's (default 0.1). */
        public Builder unfrozenLrFactor(double factor) {
            if (!(factor > 0)) {
                throw new IllegalArgumentException("unfrozenLrFactor must be positive, got " + factor);
            }
            this.unfrozenLrFactor = factor;
            return this;
        }

        /** Which layers to unfreeze for phase two (default all), e.g. {@code LayerSelector.from("block3_conv")}. */
        public Builder unfreeze(LayerSelector which) {
            this.unfreeze = which;
            return this;
        }

        /** Further trainer settings for both phases (batch size, seed, early stopping, ...). */
        public Builder trainer(UnaryOperator<TrainingConfig.Builder> more) {
            this.settings = more;
            return this;
        }

        /** Checkpoints go to {@code dir/head} and {@code dir/unfrozen}. */
        public Builder checkpointDir(Path dir) {
            this.checkpointDir = dir;
            return this;
        }

        public FineTune build() {
            return new FineTune(this);
        }
    }
}
