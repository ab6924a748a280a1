package io.transfer4j.transfer.data;

import java.util.Random;
import org.bytedeco.opencv.opencv_core.Rect;

/**
 * The "random resized crop" augmentation: a random region covering {@code minArea..1} of the image, with an
 * aspect ratio between 3/4 and 4/3 of the target's, at a random position; the loader then resizes it to the
 * model's input size. ({@link Augment} applies it only when the minimum area is below 1.)
 */
final class RandomResizedCropTransform extends CropTransform {

    private final double minArea;
    private final double aspect;

    /**
     * @param minArea smallest fraction of the image area kept, in (0, 1]
     * @param aspect  target width / height
     */
    RandomResizedCropTransform(double minArea, double aspect) {
        this.minArea = minArea;
        this.aspect = aspect;
    }

    @Override
    Rect region(int w, int h, Random random) {
        double area = w * (double) h * (minArea + (1 - minArea) * random.nextDouble());
        // Log-uniform ratio in [3/4, 4/3] around the target aspect, as in the usual Inception-style crop.
        double ratio = aspect * Math.exp(Math.log(3.0 / 4) + random.nextDouble() * Math.log(16.0 / 9));
        int cw = (int) Math.round(Math.sqrt(area * ratio));
        int ch = (int) Math.round(Math.sqrt(area / ratio));
        if (cw > w) {
            cw = w;
        }
        if (ch > h) {
            ch = h;
        }
        cw = Math.max(1, cw);
        ch = Math.max(1, ch);
        int x = random.nextInt(w - cw + 1);
        int y = random.nextInt(h - ch + 1);
        return new Rect(x, y, cw, ch);
    }
}
