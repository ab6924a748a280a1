package io.transfer4j.transfer;

/**
 * The freezing vocabulary of {@link TransferModel}: layers chosen by name, by position (up to / from a layer), by
 * pattern, or all but some, each a {@link LayerSelector} handed to {@link #freeze(LayerSelector)} or
 * {@link #unfreeze(LayerSelector)}. Public for the documentation; only {@link TransferModel} extends it (the
 * constructor is package-private).
 *
 * <pre>{@code
 * model.freezeAll().unfreezeFrom("conv5_block1_1_conv");    // fastai's freeze_to
 * model.freezeMatching("block[1-3]_*");                     // a glob, or "regex:..."
 * }</pre>
 */
public abstract class LayerFreezing {
    LayerFreezing() {
    }

    /** Freezes the selected layers (in addition to those already frozen). */
    public abstract TransferModel freeze(LayerSelector which);

    /** Unfreezes the selected layers. */
    public abstract TransferModel unfreeze(LayerSelector which);

    public TransferModel freeze(String... layers) {
        return freeze(LayerSelector.names(layers));
    }

    public TransferModel freezeAll() {
        return freeze(LayerSelector.all());
    }

    /** Freezes {@code layer} and everything before it in topological order. */
    public TransferModel freezeUpTo(String layer) {
        return freeze(LayerSelector.upTo(layer));
    }

    /** Freezes layers matching a glob ({@code block[1-4]_*}) or {@code regex:...}. */
    public TransferModel freezeMatching(String pattern) {
        return freeze(LayerSelector.matching(pattern));
    }

    /** Freezes every layer except these. */
    public TransferModel freezeAllExcept(String... layers) {
        return freeze(LayerSelector.allExcept(layers));
    }

    public TransferModel unfreeze(String... layers) {
        return unfreeze(LayerSelector.names(layers));
    }

    public TransferModel unfreezeAll() {
        return unfreeze(LayerSelector.all());
    }

    /** Unfreezes {@code layer} and everything before it. */
    public TransferModel unfreezeUpTo(String layer) {
        return unfreeze(LayerSelector.upTo(layer));
    }

    /** Unfreezes {@code layer} and everything after it (fastai's {@code freeze_to}). */
    public TransferModel unfreezeFrom(String layer) {
        return unfreeze(LayerSelector.from(layer));
    }

    public TransferModel unfreezeMatching(String pattern) {
        return unfreeze(LayerSelector.matching(pattern));
    }

    public TransferModel unfreezeAllExcept(String... layers) {
        return unfreeze(LayerSelector.allExcept(layers));
    }
}
