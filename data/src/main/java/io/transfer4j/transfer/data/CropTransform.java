package io.transfer4j.transfer.data;

import java.util.Random;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.datavec.image.data.ImageWritable;
import org.datavec.image.transform.BaseImageTransform;

/**
 * A transform that keeps one rectangle of the image; subclasses only choose the rectangle. The crop is
 * cloned because a sub-{@code Mat} is a view that would keep the whole source image alive.
 */
abstract class CropTransform extends BaseImageTransform<Mat> {

    CropTransform() {
        super(null);
        converter = new OpenCVFrameConverter.ToMat();
    }

    /** The region to keep of a {@code width}×{@code height} image, or null to keep the whole image. */
    abstract Rect region(int width, int height, Random random);

    @Override
    protected final ImageWritable doTransform(ImageWritable image, Random random) {
        Mat mat = converter.convert(image.getFrame());
        Rect r = region(mat.cols(), mat.rows(), random);
        if (r == null) {
            return image;
        }
        return new ImageWritable(converter.convert(new Mat(mat, r).clone()));
    }
}
