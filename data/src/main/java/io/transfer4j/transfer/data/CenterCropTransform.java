package io.transfer4j.transfer.data;

import java.util.Random;
import org.bytedeco.opencv.opencv_core.Rect;

/**
 * Crops the largest centred region with the target aspect ratio (square for 224×224), so the following resize
 * does not distort the image. DataVec's loader has a "center crop" flag, but it does not produce the target
 * ratio (a 300×200 image becomes 250×200), hence this transform.
 */
final class CenterCropTransform extends CropTransform {

    private final double aspect;

    /** @param aspect target width / height */
    CenterCropTransform(double aspect) {
        this.aspect = aspect;
    }

    @Override
    Rect region(int w, int h, Random random) {
        int cw = w;
        int ch = (int) Math.round(w / aspect);
        if (ch > h) {
            ch = h;
            cw = (int) Math.round(h * aspect);
        }
        if (cw == w && ch == h) {
            return null;
        }
        return new Rect((w - cw) / 2, (h - ch) / 2, Math.max(1, cw), Math.max(1, ch));
    }
}
