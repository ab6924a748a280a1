package io.transfer4j.zoo.weights;

import io.transfer4j.dsl.Network;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What the zoo's builder does with {@code weights(...)}: resolve a tag through the registry, fetch the
 * verified file through the {@link ModelCache}, and load it strictly into the freshly defined network.
 *
 * <pre>{@code
 * Network vgg = Zoo.vgg16().weights("imagenet").build();                 // vgg16:imagenet, 528 MB once
 * Network features = Zoo.resnet50().includeTop(false).weights("imagenet").build();   // resnet50:imagenet-notop
 * Network mine = Zoo.vgg16().weights(Path.of("vgg16_weights_tf_dim_ordering_tf_kernels.h5")).build();
 * }</pre>
 */
public final class PretrainedWeights {
    private static final String NOTOP = "-notop";

    private PretrainedWeights() {
    }

    /**
     * The tag for {@code model} and a variant such as {@code imagenet}: a headless model gets the
     * {@code -notop} file when there is one, as Keras's {@code include_top=False} does.
     *
     * @throws IllegalArgumentException for an unknown tag (listing the closest known ones), or a headless tag
     *                                  asked for a model with its classifier
     */
    public static WeightTag resolveTag(WeightRegistry registry, String model, String variant, boolean includeTop) {
        String v = variant.contains(":") ? variant.substring(variant.indexOf(':') + 1) : variant;
        if (variant.contains(":") && !variant.substring(0, variant.indexOf(':')).equalsIgnoreCase(model)) {
            throw new IllegalArgumentException("weight tag '" + variant + "' belongs to another model than " + model
                    + "; use weights(\"" + v + "\") or a " + model + " tag: " + registry.forModel(model).stream().map(WeightTag::tag).toList());
        }
        if (!includeTop && !v.endsWith(NOTOP)) {
            Optional<WeightTag> headless = registry.find(model + ":" + v + NOTOP);
            if (headless.isPresent()) {
                return headless.get();
            }
        }
        WeightTag tag = registry.get(model + ":" + v);
        if (includeTop && !tag.includeTop()) {
            throw new IllegalArgumentException("weights '" + tag.tag() + "' have no classifier, but the model is built with its top;"
                    + " use includeTop(false) (and your own head), or weights(\"" + v.replace(NOTOP, "") + "\")");
        }
        return tag;
    }

    /** Resolves (in {@link WeightRegistry#defaults()}), fetches (verified) and strictly loads a tag into {@code network}. */
    public static LoadReport load(Network network, String model, String variant, boolean includeTop, ModelCache cache) {
        WeightTag tag = resolveTag(WeightRegistry.defaults(), model, variant, includeTop);
        Path file = cache.resolve(tag);
        // strict: every parameter is set from the file, so the graph is not randomly initialised first
        return network.overwriteParameters(g -> WeightFiles.load(file, tag.format(), model, g, options(includeTop)));
    }

    /** Strictly loads a local file of any format into {@code network}. */
    public static LoadReport load(Network network, String model, Path file, boolean includeTop) {
        return network.overwriteParameters(g -> WeightFiles.load(file, null, model, g, options(includeTop)));
    }

    /** Every model layer must be loaded; a headless model ignores the file's classifier. */
    private static LoadOptions options(boolean includeTop) {
        return includeTop ? LoadOptions.strict() : LoadOptions.strict().allowingExtra();
    }
}
