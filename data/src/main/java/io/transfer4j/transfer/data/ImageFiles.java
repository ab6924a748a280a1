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
        return pipeline(height, width, channels).load(file, null);
    }

    /**
     * {@link #load(Path, int, int, int)} for the bytes of an image file held in memory (e.g. Spark's
     * {@code binaryFile} rows): same decoding and conversions, so the same array as loading the file.
     *
     * @param name the file's path or URI, for error messages
     * @throws IOException naming {@code name} when the bytes are empty or cannot be decoded
     */
    public static INDArray load(byte[] encoded, String name, int height, int width, int channels) throws IOException {
        return pipeline(height, width, channels).load(encoded, name);
    }

    /**
     * An already decoded 8-bit image (rows of interleaved BGR, BGRA or gray bytes — OpenCV's layout, and Spark's
     * {@code image} data source), converted and resized as a decoded file is.
     *
     * @param name where the pixels come from, for error messages
     */
    public static INDArray fromPixels(byte[] interleaved, int imageHeight, int imageWidth, int imageChannels, String name,
                                      int height, int width, int channels) throws IOException {
        return pipeline(height, width, channels).fromPixels(interleaved, imageHeight, imageWidth, imageChannels, name);
    }

    private static ImagePipeline pipeline(int height, int width, int channels) {
        if (height <= 0 || width <= 0 || (channels != 1 && channels != 3)) {
            throw new IllegalArgumentException("image size must be positive with 1 or 3 channels, got "
                    + height + "x" + width + "x" + channels);
        }
        return new ImagePipeline(height, width, channels, false, null);
    }
}
