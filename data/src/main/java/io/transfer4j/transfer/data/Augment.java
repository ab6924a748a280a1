package io.transfer4j.transfer.data;

import static org.bytedeco.opencv.global.opencv_core.BORDER_REFLECT_101;

import java.util.Locale;
import java.util.Random;
import org.datavec.image.data.ImageWritable;
import org.datavec.image.transform.FlipImageTransform;
import org.datavec.image.transform.RotateImageTransform;

/**
 * Data augmentation for training images (never applied to validation or test): random resized crop, flips,
 * small rotations, brightness / contrast / saturation jitter, in that order, on the decoded image before it
 * is resized to the model's input. Built on DataVec's {@code FlipImageTransform} and
 * {@code RotateImageTransform} plus transform4j's own crop and colour transforms. Every image draws its random
 * numbers from its own generator seeded by (pipeline seed, epoch, image index), so an epoch is reproducible
 * regardless of batching or prefetching, and different epochs see different variants.
 *
 * <pre>{@code
 * Augment a = Augment.standard();                        // crop 70-100% area, h-flip, ±10°, jitter 0.2
 * Augment b = Augment.none().horizontalFlip(true).rotation(15);
 * }</pre>
 *
 * @param minCropArea    smallest area fraction kept by the random resized crop; 1 = no crop
 * @param horizontalFlip flip left-right with probability 1/2
 * @param verticalFlip   flip upside-down with probability 1/2 (for images without a natural "up")
 * @param rotation       maximum rotation in degrees (uniform in ±rotation), 0 = none; borders are reflected
 * @param brightness     brightness factor drawn from 1 ± brightness
 * @param contrast       contrast factor drawn from 1 ± contrast
 * @param saturation     saturation factor drawn from 1 ± saturation (colour images)
 */
public record Augment(double minCropArea, boolean horizontalFlip, boolean verticalFlip, double rotation,
                      double brightness, double contrast, double saturation) {

    public Augment {
        if (!(minCropArea > 0 && minCropArea <= 1)) {
            throw new IllegalArgumentException("minCropArea must be in (0, 1], got " + minCropArea);
        }
        if (rotation < 0 || rotation > 180) {
            throw new IllegalArgumentException("rotation must be 0..180 degrees, got " + rotation);
        }
        for (double j : new double[] {brightness, contrast, saturation}) {
            if (j < 0 || j >= 1) {
                throw new IllegalArgumentException("jitter amounts must be in [0, 1), got " + j);
            }
        }
    }

    /** No augmentation. */
    public static Augment none() {
        return new Augment(1, false, false, 0, 0, 0, 0);
    }

    /** A sensible default for photos: resized crop 70-100 %, horizontal flip, ±10°, jitter 0.2 each. */
    public static Augment standard() {
        return new Augment(0.7, true, false, 10, 0.2, 0.2, 0.2);
    }

    public Augment resizedCrop(double minArea) {
        return new Augment(minArea, horizontalFlip, verticalFlip, rotation, brightness, contrast, saturation);
    }

    public Augment horizontalFlip(boolean on) {
        return new Augment(minCropArea, on, verticalFlip, rotation, brightness, contrast, saturation);
    }

    public Augment verticalFlip(boolean on) {
        return new Augment(minCropArea, horizontalFlip, on, rotation, brightness, contrast, saturation);
    }

    public Augment rotation(double degrees) {
        return new Augment(minCropArea, horizontalFlip, verticalFlip, degrees, brightness, contrast, saturation);
    }

    public Augment colorJitter(double brightnessAmount, double contrastAmount, double saturationAmount) {
        return new Augment(minCropArea, horizontalFlip, verticalFlip, rotation, brightnessAmount, contrastAmount, saturationAmount);
    }

    /** Whether this changes anything. */
    public boolean isNone() {
        return equals(none());
    }

    /**
     * Applies the random transforms to one decoded 8-bit image.
     *
     * @param aspect the target width / height (the crop keeps roughly this ratio)
     */
    ImageWritable apply(ImageWritable image, Random random, double aspect) {
        ImageWritable out = image;
        if (minCropArea < 1) {
            out = new RandomResizedCropTransform(minCropArea, aspect).transform(out, random);
        }
        if (horizontalFlip && random.nextBoolean()) {
            out = new FlipImageTransform(1).transform(out, null);
        }
        if (verticalFlip && random.nextBoolean()) {
            out = new FlipImageTransform(0).transform(out, null);
        }
        if (rotation > 0) {
            out = new RotateImageTransform((float) rotation).borderMode(BORDER_REFLECT_101).transform(out, random);
        }
        if (brightness > 0 || contrast > 0 || saturation > 0) {
            out = new ColorJitterTransform(brightness, contrast, saturation).transform(out, random);
        }
        return out;
    }

    @Override
    public String toString() {
        if (isNone()) {
            return "Augment[none]";
        }
        return String.format(Locale.ROOT, "Augment[crop>=%.2f, hflip=%s, vflip=%s, rotation=±%.0f°, brightness=%.2f, contrast=%.2f, saturation=%.2f]",
                minCropArea, horizontalFlip, verticalFlip, rotation, brightness, contrast, saturation);
    }
}
