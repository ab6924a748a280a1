package io.transfer4j.transfer.data;

import static org.bytedeco.opencv.global.opencv_core.CV_16U;
import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_core.extractChannel;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGRA2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import java.util.Random;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.datavec.image.data.ImageWritable;
import org.datavec.image.transform.BaseImageTransform;

/**
 * Brings a decoded image to 8 bits per channel, 1 or 3 channels (BGR, OpenCV's order): 16-bit images are
 * scaled by 255/65535 (DataVec's loader would otherwise hand out values up to 65,535 and break every
 * normalisation), an alpha channel is dropped (BGRA → BGR, gray+alpha → gray). Always the first transform.
 */
final class EightBitTransform extends BaseImageTransform<Mat> {

    EightBitTransform() {
        super(null);
        converter = new OpenCVFrameConverter.ToMat();
    }

    @Override
    protected ImageWritable doTransform(ImageWritable image, Random random) {
        Mat mat = converter.convert(image.getFrame());
        Mat out = mat;
        if (out.depth() == CV_16U) {
            Mat scaled = new Mat();
            out.convertTo(scaled, CV_8U, 255.0 / 65535.0, 0);
            out = scaled;
        } else if (out.depth() != CV_8U) {
            throw new IllegalArgumentException("unsupported pixel depth (OpenCV depth " + out.depth() + "); use 8- or 16-bit images");
        }
        if (out.channels() == 4) {
            Mat bgr = new Mat();
            cvtColor(out, bgr, COLOR_BGRA2BGR);
            out = bgr;
        } else if (out.channels() == 2) {
            Mat gray = new Mat();
            extractChannel(out, gray, 0);
            out = gray;
        }
        return out == mat ? image : new ImageWritable(converter.convert(out));
    }
}
