package io.transfer4j.transfer.pretrained;

import io.transfer4j.transfer.TransferModel;
import io.transfer4j.zoo.Preprocessing;
import io.transfer4j.zoo.weights.HashAlgorithm;
import io.transfer4j.zoo.weights.WeightFormat;
import io.transfer4j.zoo.weights.WeightRegistry;
import io.transfer4j.zoo.weights.WeightSource;
import io.transfer4j.zoo.weights.WeightTag;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import io.transfer4j.zoo.weights.ModelCache;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * The shipped {@code fmnist-cnn:classes0-4} model: {@link FashionCnn} pretrained by the samples' tool
 * {@code io.transfer4j.samples.demo.PretrainFashionMnist} on Fashion-MNIST classes 0-4 (T-shirt/top, Trouser,
 * Pullover, Dress, Coat); inputs are 28×28×1 pixels scaled to 0..1. A transfer4j model file inside the jar, its
 * SHA-256 pinned here and checked on every load.
 *
 * <pre>{@code
 * TransferModel m = PretrainedFashionCnn.loadModel()
 *         .newHead(Head.classes(5).cutAt(FashionCnn.FEATURE_LAYER).normalize(10))
 *         .freezeAllExcept(Head.OUTPUT);
 * }</pre>
 */
public final class PretrainedFashionCnn {
    /** The weight tag this model is registered under. */
    public static final String TAG = "fmnist-cnn:classes0-4";
    /** File name of the weights (in the jar, and in the weight cache's {@code local} source). */
    public static final String FILE_NAME = "fmnist-cnn-classes0-4.zip";
    /** Classpath location of the weights. */
    public static final String RESOURCE = "io/transfer4j/transfer/pretrained/" + FILE_NAME;
    /** SHA-256 of the shipped file, printed by the samples' {@code PretrainFashionMnist}. */
    public static final String SHA256 = "d6fc1a508c5a8b390806cb3d83d2c82d153fa171f104d5137a543117c8d72a92";
    /** The Fashion-MNIST classes it was trained on, in output order. */
    public static final int[] PRETRAINED_CLASSES = {0, 1, 2, 3, 4};

    private PretrainedFashionCnn() {
    }

    /** The weight tag: a local (not downloadable) transfer4j model file, 5 classes, unit preprocessing. */
    public static WeightTag weightTag() {
        return WeightTag.builder(TAG).source(WeightSource.LOCAL).fileName(FILE_NAME).hash(HashAlgorithm.SHA256, SHA256)
                .format(WeightFormat.TRANSFER4J).includeTop(true).numClasses(PRETRAINED_CLASSES.length)
                .preprocessing(Preprocessing.unit(28, 28, 1)).build();
    }

    /** Registers {@link #TAG} in {@code registry} (idempotent). */
    public static WeightRegistry register(WeightRegistry registry) {
        return registry.register(weightTag());
    }

    /**
     * The pretrained model (5 outputs, classes 0-4, labels and preprocessing included), read from the model
     * cache like any weight tag; the first call copies it there from the jar ({@link #install}).
     */
    public static TransferModel loadModel() {
        return TransferModel.load(install(ModelCache.fromEnvironment()));
    }

    /**
     * The verified file of {@link #TAG} in {@code cache}: the cached copy, or the jar's copy imported into the
     * cache (its SHA-256 checked against the pin) on first use.
     */
    public static Path install(ModelCache cache) {
        register(WeightRegistry.defaults());
        WeightTag tag = weightTag();
        Optional<Path> cached = cache.cached(tag);
        if (cached.isPresent()) {
            return cached.get();
        }
        try (InputStream in = PretrainedFashionCnn.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("pretrained weights " + RESOURCE + " are missing from the classpath; "
                        + "run io.transfer4j.samples.demo.PretrainFashionMnist (samples module) to make them");
            }
            Path tmp = Files.createTempFile("fmnist-cnn", ".zip");
            try {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                return cache.importFile(tag, tmp);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read pretrained weights " + RESOURCE + ": " + e.getMessage(), e);
        }
    }

    /** The pretrained graph alone. */
    public static ComputationGraph load() {
        return loadModel().graph();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
