package io.transfer4j.transfer.data;

import java.io.IOException;
import java.nio.file.Path;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One image file read exactly as {@link ImageFolder} reads it for evaluation (same decoding, 16-bit and
 * alpha handling, gray/colour conversion and resizing), for single-image prediction.
 *
 * <pre>{@code INDArray x = ImageFiles.load(Path.of("cat.jpg"), 224, 224, 3);  // [1, 3, 224, 224], RGB 0..255}</pre>
 */
public final class ImageFiles {
    private ImageFiles() {
    }

    /**
     * A {@code [1, channels, height, width]} array of RGB (or gray) values 0..255, resized to the given size.
     *
     * @throws IOException naming the file when it cannot be decoded
     */
    public static INDArray load(Path file, int height, int width, int channels) throws IOException {
        if (height <= 0 || width <= 0 || (channels != 1 && channels != 3)) {
            throw new IllegalArgumentException("image size must be positive with 1 or 3 channels, got "
                    + height + "x" + width + "x" + channels);
        }
        return new ImagePipeline(height, width, channels, false, null).load(file, null);
    }
}
