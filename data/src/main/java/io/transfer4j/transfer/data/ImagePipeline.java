package io.transfer4j.transfer.data;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_ANYCOLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_ANYDEPTH;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
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
    private final OpenCVFrameConverter.ToMat mats = new OpenCVFrameConverter.ToMat();

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

    /** A pipeline with the same settings and its own decoders (OpenCV converters are not shared between threads). */
    ImagePipeline copy() {
        return new ImagePipeline(height, width, channels, centerCrop, augment);
    }

    /** Whether it augments (then the same file gives different arrays). */
    boolean augments() {
        return augment != null;
    }

    /** What the arrays depend on besides the file: size, channels and cropping, for cache keys. */
    String describe() {
        return height + "x" + width + "x" + channels + (centerCrop ? " centre-crop" : "");
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
        return convert(image, file.toString(), random);
    }

    /**
     * Loads one encoded image held in memory (the bytes of a jpg/png/bmp file), decoded as {@link NativeImageLoader}
     * decodes files (OpenCV, any depth, any colour), then converted like {@link #load(Path, Random)}.
     *
     * @param name what the bytes are (a path or URI), for error messages
     */
    INDArray load(byte[] encoded, String name) throws IOException {
        Mat decoded;
        try {
            Mat buffer = new Mat(1, encoded.length, CV_8UC1);
            buffer.data().put(encoded);
            decoded = imdecode(buffer, IMREAD_ANYDEPTH | IMREAD_ANYCOLOR);
        } catch (RuntimeException e) {
            throw new IOException(name + " cannot be decoded as an image (corrupt or truncated?): " + e.getMessage(), e);
        }
        if (encoded.length == 0 || decoded == null || decoded.empty()) {
            throw new IOException(name + " cannot be decoded as an image (" + (encoded.length == 0 ? "empty" : "corrupt, truncated or not an image")
                    + ", " + encoded.length + " bytes)");
        }
        return convert(new ImageWritable(mats.convert(decoded)), name, null);
    }

    /**
     * Converts decoded 8-bit pixels (rows of interleaved BGR, BGRA or gray bytes, OpenCV's layout) like a decoded file.
     *
     * @param name where the pixels come from, for error messages
     */
    INDArray fromPixels(byte[] interleaved, int imageHeight, int imageWidth, int imageChannels, String name) throws IOException {
        if (imageHeight <= 0 || imageWidth <= 0 || imageChannels < 1 || imageChannels > 4
                || interleaved.length != (long) imageHeight * imageWidth * imageChannels) {
            throw new IOException(name + " is not a decoded image: " + imageHeight + "x" + imageWidth + "x" + imageChannels
                    + " with " + interleaved.length + " bytes");
        }
        Mat mat = new Mat(imageHeight, imageWidth, CV_8UC(imageChannels));
        mat.data().put(interleaved);
        return convert(new ImageWritable(mats.convert(mat)), name, null);
    }

    /** 16-bit/alpha to 8-bit, augmentation or centre crop, channel conversion and resizing, BGR to RGB. */
    private INDArray convert(ImageWritable decoded, String name, Random random) throws IOException {
        ImageWritable image = decoded;
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
            throw new IOException(name + " could not be converted to " + height + "x" + width + "x" + channels + ": " + e.getMessage(), e);
        }
    }
}
