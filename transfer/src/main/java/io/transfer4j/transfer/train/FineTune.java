package io.transfer4j.transfer.train;

import io.transfer4j.transfer.LayerSelector;

/**
 * The gradual-unfreezing recipe of fastai's {@code fine_tune}, which {@code Learner.fineTune} runs: train the new
 * head on the frozen trunk for {@code headEpochs} (with feature caching, so fast), then unfreeze some or all of
 * the trunk and train everything for {@code unfrozenEpochs} at {@code lr × unfrozenLrFactor} with discriminative
 * rates — the unfrozen trunk in groups whose rates fall geometrically to {@code discriminative} times the head's
 * (fastai's {@code slice(lr/100, lr)}), unless the model already has multipliers of its own. Phase two restarts
 * the optimizer state, as fastai does.
 *
 * <pre>{@code
 * FineTune.Result r = learner.fineTune(FineTune.builder(2, 5).lr(1e-3).unfreeze(LayerSelector.from("block5_conv1")).build());
 * }</pre>
 */
public final class FineTune {
    private final int headEpochs;
    private final int unfrozenEpochs;
    private final double lr;
    private final double unfrozenLrFactor;
    private final double discriminative;
    private final LayerSelector unfreeze;

    private FineTune(Builder b) {
        this.headEpochs = b.headEpochs;
        this.unfrozenEpochs = b.unfrozenEpochs;
        this.lr = b.lr;
        this.unfrozenLrFactor = b.unfrozenLrFactor;
        this.discriminative = b.discriminative;
        this.unfreeze = b.unfreeze;
    }

    /** Required: epochs of head training, then epochs with the trunk unfrozen. */
    public static Builder builder(int headEpochs, int unfrozenEpochs) {
        return new Builder(headEpochs, unfrozenEpochs);
    }

    /** Both phases' results (head is null with {@code headEpochs} 0). */
    public record Result(TrainingResult head, TrainingResult unfrozen) {
    }

    public int headEpochs() {
        return headEpochs;
    }

    public int unfrozenEpochs() {
        return unfrozenEpochs;
    }

    /** Adam's learning rate in phase one. */
    public double lr() {
        return lr;
    }

    /** Phase two's (head) rate: {@code lr × unfrozenLrFactor}. */
    public double unfrozenLr() {
        return lr * unfrozenLrFactor;
    }

    /** The lowest trunk group's rate relative to the head's in phase two (1 = one rate for all). */
    public double discriminative() {
        return discriminative;
    }

    /** Which layers phase two unfreezes. */
    public LayerSelector unfreeze() {
        return unfreeze;
    }

    /** Optional settings: Adam at 1e-3, phase two at a tenth of it, unfreeze everything, trunk rates down to 1/100. */
    public static final class Builder {
        private final int headEpochs;
        private final int unfrozenEpochs;
        private double lr = 1e-3;
        private double unfrozenLrFactor = 0.1;
        private double discriminative = 0.01;
        private LayerSelector unfreeze = LayerSelector.all();

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
            if (!(rate > 0) || Double.isInfinite(rate)) {
                throw new IllegalArgumentException("learning rate must be positive, got " + rate);
            }
            this.lr = rate;
            return this;
        }

        /** Phase two's rate relative to phase one's (default 0.1). */
        public Builder unfrozenLrFactor(double factor) {
            if (!(factor > 0) || Double.isInfinite(factor)) {
                throw new IllegalArgumentException("unfrozenLrFactor must be positive, got " + factor);
            }
            this.unfrozenLrFactor = factor;
            return this;
        }

        /**
         * The lowest trunk group's rate relative to the head's in phase two (default 0.01, fastai's
         * {@code lr_mult=100}); the trunk is split into two groups (0.01 and 0.1 of the head's rate with the
         * default). 1 trains everything at one rate.
         */
        public Builder discriminative(double lowest) {
            if (!(lowest > 0 && lowest <= 1)) {
                throw new IllegalArgumentException("discriminative must be in (0, 1], got " + lowest);
            }
            this.discriminative = lowest;
            return this;
        }

        /** Which layers to unfreeze for phase two (default all), e.g. {@code LayerSelector.from("block3_conv")}. */
        public Builder unfreeze(LayerSelector which) {
            this.unfreeze = java.util.Objects.requireNonNull(which, "unfreeze");
            return this;
        }

        public FineTune build() {
            return new FineTune(this);
        }
    }
}
