package io.transfer4j.transfer.pretrained;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

/**
 * The shipped {@code fmnist-cnn:classes0-4} model: {@link FashionCnn} pretrained by
 * {@link PretrainFashionMnist} on Fashion-MNIST classes 0-4, inputs are 28×28×1 pixels scaled to 0..1.
 *
 * <pre>{@code
 * ComputationGraph trunkAndHead = PretrainedFashionCnn.load();
 * }</pre>
 */
public final class PretrainedFashionCnn {
    /** The weight tag this model is registered under. */
    public static final String TAG = "fmnist-cnn:classes0-4";
    /** Classpath location of the weights (a DL4J ModelSerializer zip, no updater state). */
    public static final String RESOURCE = "io/transfer4j/transfer/pretrained/fmnist-cnn-classes0-4.zip";
    /** The Fashion-MNIST classes it was trained on, in output order. */
    public static final int[] PRETRAINED_CLASSES = {0, 1, 2, 3, 4};

    private PretrainedFashionCnn() {
    }

    /** A fresh copy of the pretrained graph (5 outputs, classes 0-4). */
    public static ComputationGraph load() {
        try (InputStream in = PretrainedFashionCnn.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("pretrained weights " + RESOURCE + " are missing from the classpath; "
                        + "run io.transfer4j.transfer.pretrained.PretrainFashionMnist to make them");
            }
            return ModelSerializer.restoreComputationGraph(in, false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read pretrained weights " + RESOURCE + ": " + e.getMessage(), e);
        }
    }
}
