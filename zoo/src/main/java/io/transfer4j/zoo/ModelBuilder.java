package io.transfer4j.zoo;

import io.transfer4j.dsl.Network;
import io.transfer4j.dsl.Shape;
import io.transfer4j.dsl.ShapeException;
import io.transfer4j.dsl.PhaseTimes;
import io.transfer4j.zoo.weights.LoadReport;
import io.transfer4j.zoo.weights.ModelCache;
import io.transfer4j.zoo.weights.PretrainedWeights;
import io.transfer4j.zoo.weights.WeightRegistry;
import java.nio.file.Path;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way to make a zoo model, with Keras applications' arguments. Defaults: the model's own top
 * ({@code includeTop(true)}), its native input size and class count, no pooling, no weights, seed 42.
 *
 * <p>Unlike Keras ({@code weights="imagenet"} by default), {@code build()} without {@code weights(...)} gives random
 * weights: building never downloads hundreds of megabytes behind the caller's back, works offline, and accepts any
 * {@code numClasses} / {@code inputShape}. For a model that has ImageNet weights it logs one warning line saying so;
 * {@code weights("none")} states that random weights are meant and silences it.
 *
 * <pre>{@code
 * Network features = Zoo.resnet50().includeTop(false).pooling(Pooling.AVG).inputShape(160, 160, 3).build();
 * Network scratch  = Zoo.model("vgg16").numClasses(10).inputShape(64, 64, 3).build();
 * }</pre>
 */
public final class ModelBuilder {
    /** The weight tag meaning "random initialisation". */
    public static final String NO_WEIGHTS = "none";
    private static final Logger LOG = LoggerFactory.getLogger(ModelBuilder.class);

    private final ModelInfo info;
    private final Architecture architecture;
    private boolean includeTop = true;
    private Pooling pooling = Pooling.NONE;
    private int numClasses;
    private Shape inputShape;
    private String weights = NO_WEIGHTS;
    private Path weightsFile;
    private boolean weightsChosen;
    private ModelCache cache;
    private LoadReport loadReport;
    private long seed = 42;

    ModelBuilder(ModelInfo info, Architecture architecture) {
        this.info = info;
        this.architecture = architecture;
        this.numClasses = info.numClasses();
        this.inputShape = info.inputShape();
    }

    /** Whether to build the model's classifier top (default true). */
    public ModelBuilder includeTop(boolean include) {
        this.includeTop = include;
        return this;
    }

    /** What a headless model ends with (only with {@code includeTop(false)}; default {@link Pooling#NONE}). */
    public ModelBuilder pooling(Pooling p) {
        if (p == null) {
            throw new IllegalArgumentException("pooling must not be null; use Pooling.NONE for the raw feature map");
        }
        this.pooling = p;
        return this;
    }

    /** Classes of the top (default: the model's native count, 1000 for ImageNet models). */
    public ModelBuilder numClasses(int classes) {
        if (classes < 1) {
            throw new IllegalArgumentException(info.name() + ": numClasses must be >= 1, got " + classes);
        }
        this.numClasses = classes;
        return this;
    }

    /** Input height, width, channels (default: the model's native size, e.g. 224×224×3). */
    public ModelBuilder inputShape(int height, int width, int channels) {
        if (height < 1 || width < 1 || channels < 1) {
            throw new IllegalArgumentException(info.name() + ": input shape must be positive, got "
                    + height + "x" + width + "x" + channels);
        }
        this.inputShape = Shape.image(height, width, channels);
        return this;
    }

    /**
     * Weights to start from: {@code "none"} (random; also the default, with a warning for models that have ImageNet
     * weights) or a weight tag such as {@code "imagenet"}.
     */
    public ModelBuilder weights(String tag) {
        if (tag == null || tag.isBlank()) {
            throw new IllegalArgumentException(info.name() + ": weight tag must not be empty; use \"" + NO_WEIGHTS
                    + "\" for random initialisation or e.g. \"imagenet\"");
        }
        this.weights = tag.trim().toLowerCase(Locale.ROOT);
        this.weightsFile = null;
        this.weightsChosen = true;
        return this;
    }

    /**
     * Weights from a local file you already have: a Keras {@code .h5}, a DL4J model zip or a model saved by
     * transfer4j (the format is read from the file). Loaded strictly, like a tag.
     */
    public ModelBuilder weights(Path file) {
        if (file == null) {
            throw new IllegalArgumentException(info.name() + ": weight file must not be null");
        }
        this.weightsFile = file;
        this.weights = NO_WEIGHTS;
        this.weightsChosen = true;
        return this;
    }

    /** The cache that weight tags are fetched through (default {@link ModelCache#fromEnvironment()}). */
    public ModelBuilder cache(ModelCache modelCache) {
        this.cache = modelCache;
        return this;
    }

    /** What the last {@link #build()} loaded (layers mapped, notes), or null if it loaded no weights. */
    public LoadReport loadReport() {
        return loadReport;
    }

    /** Random seed for initialisation (default 42). */
    public ModelBuilder seed(long s) {
        this.seed = s;
        return this;
    }

    /** The registry metadata of the model being built (native sizes, feature layer, preprocessing). */
    public ModelInfo info() {
        return info;
    }

    /** The options as they will be passed to the architecture. */
    public ModelOptions options() {
        return new ModelOptions(includeTop, pooling, numClasses, inputShape, seed);
    }

    /** Checks the arguments, defines the network (nothing allocated until {@code graph()}) and loads weights. */
    public Network build() {
        return PhaseTimes.time("build", this::define);
    }

    private Network define() {
        validate();
        Network net;
        try {
            net = architecture.define(options());
        } catch (ShapeException e) {
            throw new IllegalArgumentException(info.name() + " cannot take input " + inputShape + " (native "
                    + info.inputShape() + "): " + e.getMessage() + "; use a larger inputShape", e);
        }
        loadReport = null;
        if (!NO_WEIGHTS.equals(weights) || weightsFile != null) {
            loadWeights(net);
        }
        String warning = randomWeightsWarning();
        if (warning != null) {
            LOG.warn(warning);
        }
        return net;
    }

    /**
     * The one-line warning {@link #build()} logs when no {@code weights(...)} was given for a model that has ImageNet
     * weights (Keras would have loaded them), or null.
     */
    public String randomWeightsWarning() {
        if (weightsChosen || WeightRegistry.defaults().find(info.name() + ":imagenet").isEmpty()) {
            return null;
        }
        return info.name() + " built with random weights (no weights(...) given; Keras defaults to \"imagenet\"): "
                + "call weights(\"imagenet\") for the pretrained ones, or weights(\"none\") to say random is meant";
    }

    private void validate() {
        if (includeTop && pooling != Pooling.NONE) {
            throw new IllegalArgumentException(info.name() + ": pooling(" + pooling + ") applies only to a headless model;"
                    + " call includeTop(false) or drop pooling (the top has its own)");
        }
        if (NO_WEIGHTS.equals(weights)) {
            return;
        }
        if (weights.startsWith("imagenet")) {
            if (info.numClasses() != 1000) {
                throw new IllegalArgumentException(info.name() + " has no ImageNet weights (it is a "
                        + info.numClasses() + "-class model); use weights(\"none\")");
            }
            if (inputShape.channels() != 3) {
                throw new IllegalArgumentException(info.name() + ": ImageNet weights need 3 input channels, got "
                        + inputShape + "; use inputShape(h, w, 3)");
            }
            if (includeTop && numClasses != 1000) {
                throw new IllegalArgumentException(info.name() + ": ImageNet weights with includeTop need numClasses 1000,"
                        + " got " + numClasses + " (the pretrained classifier has 1000 outputs); use includeTop(false)"
                        + " and add your own head, or keep numClasses(1000)");
            }
            if (includeTop && !inputShape.equals(info.inputShape())) {
                throw new IllegalArgumentException(info.name() + ": ImageNet weights with includeTop need the native input "
                        + info.inputShape() + ", got " + inputShape + " (the classifier's weights fix the feature size);"
                        + " use includeTop(false) for other sizes");
            }
        }
    }

    /** Copies pretrained weights into {@code net}: a tag through the verified cache, or a local file; strict. */
    private void loadWeights(Network net) {
        PhaseTimes.time("load weights", () -> readWeights(net));
    }

    private void readWeights(Network net) {
        if (weightsFile != null) {
            loadReport = PretrainedWeights.load(net, info.name(), weightsFile, includeTop);
        } else {
            loadReport = PretrainedWeights.load(net, info.name(), weights, includeTop,
                    cache != null ? cache : ModelCache.fromEnvironment());
        }
    }
}
