package io.transfer4j.transfer.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import org.datavec.image.data.ImageWritable;
import org.datavec.image.loader.NativeImageLoader;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Turns one image file into a {@code [1, c, h, w]} float array of RGB (or gray) values 0..255 at the model's
 * input size, using DataVec: {@link NativeImageLoader} decodes (OpenCV), {@link EightBitTransform} brings
 * 16-bit and alpha images to 8-bit BGR/gray, then the training augmentation or a centre crop, then the loader
 * converts gray ↔ colour and resizes. OpenCV's BGR order is swapped to RGB at the end, the order
 * {@link io.transfer4j.zoo.Preprocessing#apply} expects.
 */
final class ImagePipeline {

    private final int height;
    private final int width;
    private final int channels;
    private final boolean centerCrop;
    private final Augment augment;
    private final NativeImageLoader decoder = new NativeImageLoader();
    private final NativeImageLoader resizer;

    /**
     * @param augment null or {@link Augment#none()} for evaluation
     */
    ImagePipeline(int height, int width, int channels, boolean centerCrop, Augment augment) {
        this.height = height;
        this.width = width;
        this.channels = channels;
        this.centerCrop = centerCrop;
        this.augment = augment == null || augment.isNone() ? null : augment;
        this.resizer = new NativeImageLoader(height, width, channels);
    }

    /**
     * Loads one image.
     *
     * @param random per-image generator for the augmentation (unused without augmentation)
     * @throws IOException if the file cannot be decoded; the message names the file
     */
    INDArray load(Path file, Random random) throws IOException {
        ImageWritable image;
        try {
            image = decoder.asWritable(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new IOException(file + " cannot be decoded as an image (corrupt or truncated?): " + e.getMessage(), e);
        }
        try {
            image = new EightBitTransform().transform(image);
            double aspect = width / (double) height;
            if (augment != null) {
                image = augment.apply(image, random, aspect);
            } else if (centerCrop) {
                image = new CenterCropTransform(aspect).transform(image);
            }
            INDArray x = resizer.asMatrix(image);
            if (channels == 3) {
                // OpenCV delivers BGR; swap to RGB.
                INDArray b = x.get(NDArrayIndex.all(), NDArrayIndex.point(0)).dup();
                x.get(NDArrayIndex.all(), NDArrayIndex.point(0)).assign(x.get(NDArrayIndex.all(), NDArrayIndex.point(2)));
                x.get(NDArrayIndex.all(), NDArrayIndex.point(2)).assign(b);
            }
            return x;
        } catch (IOException | RuntimeException e) {
            throw new IOException(file + " could not be converted to " + height + "x" + width + "x" + channels + ": " + e.getMessage(), e);
        }
    }
}
