package io.transfer4j.zoo.weights;

import java.util.Objects;

/**
 * How to load a weight file into a model.
 *
 * <pre>{@code
 * KerasWeightsLoader.load(h5, graph, LoadOptions.strict());                    // every layer, or an error
 * KerasWeightsLoader.load(h5, graph, LoadOptions.lenient());                   // what fits; the report says the rest
 * KerasWeightsLoader.load(h5, graph, LoadOptions.strict().mode(LoadMode.BY_ORDER));
 * }</pre>
 *
 * @param mode   how file layers are paired with model layers
 * @param requireComplete fail (before changing any parameter) unless every model layer with parameters gets
 *               weights, every weight in the file is used and every shape fits; otherwise load what fits
 *               and report the rest
 * @param allowExtra with {@code requireComplete}: layers of the file that the model lacks are no error
 *               (a headless model loading a file with the classifier)
 */
public record LoadOptions(LoadMode mode, boolean requireComplete, boolean allowExtra) {

    public LoadOptions {
        Objects.requireNonNull(mode, "mode");
    }

    /** AUTO pairing, all or nothing. */
    public static LoadOptions strict() {
        return new LoadOptions(LoadMode.AUTO, true, false);
    }

    /** AUTO pairing, load what fits (Keras's {@code skip_mismatch}); layers left out keep their initial weights. */
    public static LoadOptions lenient() {
        return new LoadOptions(LoadMode.AUTO, false, true);
    }

    public LoadOptions mode(LoadMode newMode) {
        return new LoadOptions(newMode, requireComplete, allowExtra);
    }

    /** The same, but file layers the model lacks are ignored (every model layer must still be loaded). */
    public LoadOptions allowingExtra() {
        return new LoadOptions(mode, requireComplete, true);
    }
}
