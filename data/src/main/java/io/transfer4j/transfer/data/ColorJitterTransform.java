package io.transfer4j.transfer.data;

import static org.bytedeco.opencv.global.opencv_core.addWeighted;
import static org.bytedeco.opencv.global.opencv_core.mean;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_GRAY2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import java.util.Random;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.datavec.image.data.ImageWritable;
import org.datavec.image.transform.BaseImageTransform;

/**
 * Brightness, contrast and saturation jitter on 8-bit images (DataVec has no such transform). Each factor is
 * drawn uniformly from {@code [1 - amount, 1 + amount]}: brightness scales all values, contrast moves values
 * away from / towards the image mean, saturation blends with the gray version (colour images only).
 * Results saturate at 0 and 255.
 */
final class ColorJitterTransform extends BaseImageTransform<Mat> {

    private final double brightness;
    private final double contrast;
    private final double saturation;

    ColorJitterTransform(double brightness, double contrast, double saturation) {
        super(null);
        this.brightness = brightness;
        this.contrast = contrast;
        this.saturation = saturation;
        converter = new OpenCVFrameConverter.ToMat();
    }

    @Override
    protected ImageWritable doTransform(ImageWritable image, Random random) {
        Mat mat = converter.convert(image.getFrame());
        double b = factor(brightness, random);
        double c = factor(contrast, random);
        double s = factor(saturation, random);
        Mat out = mat;
        if (b != 1 || c != 1) {
            double m = 0;
            org.bytedeco.opencv.opencv_core.Scalar means = mean(mat);
            for (int i = 0; i < mat.channels(); i++) {
                m += means.get(i);
            }
            m /= mat.channels();
            // y = b * (c * (x - m) + m) = (b c) x + b m (1 - c)
            Mat adjusted = new Mat();
            out.convertTo(adjusted, -1, b * c, b * m * (1 - c));
            out = adjusted;
        }
        if (s != 1 && out.channels() == 3) {
            Mat gray = new Mat();
            Mat gray3 = new Mat();
            cvtColor(out, gray, COLOR_BGR2GRAY);
            cvtColor(gray, gray3, COLOR_GRAY2BGR);
            Mat blended = new Mat();
            addWeighted(out, s, gray3, 1 - s, 0, blended);
            out = blended;
        }
        return out == mat ? image : new ImageWritable(converter.convert(out));
    }

    private static double factor(double amount, Random random) {
        return amount <= 0 ? 1 : 1 - amount + 2 * amount * random.nextDouble();
    }
}
