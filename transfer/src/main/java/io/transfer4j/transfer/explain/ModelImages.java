package io.transfer4j.transfer.explain;

import io.transfer4j.dsl.Shape;
import io.transfer4j.transfer.TransferModel;
import io.transfer4j.transfer.data.ImageFiles;
import io.transfer4j.zoo.Preprocessing;
import java.io.IOException;
import java.nio.file.Path;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Image files as a model's input: decoded, resized to its input size, its preprocessing applied; a file that
 * cannot be read is an error naming it.
 *
 * <pre>{@code INDArray x = ModelImages.input(model, ModelImages.raw(model, Path.of("cat.jpg")));}</pre>
 */
public final class ModelImages {
    private ModelImages() {
    }

    /** {@code [1, c, h, w]} raw 0..255 pixels of {@code file} at the model's input size. */
    public static INDArray raw(TransferModel model, Path file) {
        Shape s = model.inputShapes().get(0);
        if (!s.image()) {
            throw new IllegalArgumentException("model '" + model.name() + "' takes vectors (" + s + "), not images");
        }
        try {
            return ImageFiles.load(file, s.height(), s.width(), s.channels());
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("cannot read image " + file + ": " + e.getMessage()
                    + " (jpg, jpeg, png or bmp files)", e);
        }
    }

    /** The network input for raw pixels: the model's preprocessing, or the pixels as they are when it has none. */
    public static INDArray input(TransferModel model, INDArray raw) {
        Preprocessing p = model.preprocessing();
        return p == null ? raw : p.apply(raw);
    }
}
