package io.transfer4j.transfer.data;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.datavec.image.data.ImageWritable;
import org.junit.jupiter.api.Test;

/**
 * Each augmentation does to a known image what its Javadoc says: flips mirror exactly, the resized crop is
 * a window of the image within its area and aspect bounds, brightness scales every value by one factor,
 * rotation reflects the border (no black corners). {@code ImageFolderTest} covers seeding and splits.
 */
class AugmentGeometryTest {
    private static final int W = 20;
    private static final int H = 10;
    private final OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();

    @Test
    void horizontalFlipMirrorsLeftRightOnlyWhenDrawn() {
        int[][][] src = noise(W, H, 1, 200);
        int[][][] flipped = pixels(Augment.none().horizontalFlip(true).apply(image(src), fixedCoin(true), 2.0));
        int[][][] kept = pixels(Augment.none().horizontalFlip(true).apply(image(src), fixedCoin(false), 2.0));
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                assertArrayEqualsAt(src[y][W - 1 - x], flipped[y][x], x, y);
                assertArrayEqualsAt(src[y][x], kept[y][x], x, y);
            }
        }
    }

    @Test
    void verticalFlipMirrorsTopBottom() {
        int[][][] src = noise(W, H, 2, 200);
        int[][][] flipped = pixels(Augment.none().verticalFlip(true).apply(image(src), fixedCoin(true), 2.0));
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                assertArrayEqualsAt(src[H - 1 - y][x], flipped[y][x], x, y);
            }
        }
    }

    @Test
    void resizedCropIsAWindowOfTheImageWithinItsBounds() {
        int w = 40;
        int h = 30;
        int[][][] src = noise(w, h, 3, 256);
        double aspect = 4.0 / 3;
        for (int seed = 0; seed < 50; seed++) {
            int[][][] crop = pixels(Augment.none().resizedCrop(0.5).apply(image(src), new Random(seed), aspect));
            int ch = crop.length;
            int cw = crop[0].length;
            boolean clamped = cw == w || ch == h;
            if (!clamped) {
                double area = cw * (double) ch / (w * h);
                assertTrue(area > 0.5 - 0.05 && area <= 1.0, "area fraction " + area + " (seed " + seed + ")");
                double ratio = cw / (double) ch / aspect;
                assertTrue(ratio > 0.75 - 0.1 && ratio < 4.0 / 3 + 0.1, "aspect ratio factor " + ratio + " (seed " + seed + ")");
            }
            assertTrue(isWindow(src, crop), "crop " + cw + "x" + ch + " is not a window of the image (seed " + seed + ")");
        }
    }

    @Test
    void brightnessScalesEveryValueByOneFactorWithinItsRange() {
        int[][][] src = noise(W, H, 4, 100);   // below 255 / 1.2: nothing saturates
        for (int seed = 0; seed < 10; seed++) {
            int[][][] out = pixels(Augment.none().colorJitter(0.2, 0, 0).apply(image(src), new Random(seed), 2.0));
            double factor = Double.NaN;
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    for (int c = 0; c < 3; c++) {
                        int v = src[y][x][c];
                        if (v >= 50) {   // large values pin the factor down to rounding
                            double f = out[y][x][c] / (double) v;
                            if (Double.isNaN(factor)) {
                                factor = f;
                                assertTrue(f >= 0.8 - 0.01 && f <= 1.2 + 0.01, "brightness factor " + f);
                            }
                            assertEquals(factor, f, 1.0 / v + 1e-9, "one factor for every value (seed " + seed + ")");
                        }
                    }
                }
            }
        }
    }

    @Test
    void rotationReflectsTheBorderInsteadOfFillingBlack() {
        int[][][] flat = new int[H][W][];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                flat[y][x] = new int[] {90, 140, 200};
            }
        }
        for (int seed = 0; seed < 5; seed++) {
            int[][][] out = pixels(Augment.none().rotation(30).apply(image(flat), new Random(seed), 2.0));
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    assertArrayEqualsAt(flat[y][x], out[y][x], x, y);
                }
            }
        }
    }

    /** Whether {@code crop} equals {@code src} at some offset. */
    private static boolean isWindow(int[][][] src, int[][][] crop) {
        for (int oy = 0; oy + crop.length <= src.length; oy++) {
            for (int ox = 0; ox + crop[0].length <= src[0].length; ox++) {
                if (matchesAt(src, crop, ox, oy)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean matchesAt(int[][][] src, int[][][] crop, int ox, int oy) {
        for (int y = 0; y < crop.length; y++) {
            for (int x = 0; x < crop[0].length; x++) {
                if (!java.util.Arrays.equals(src[oy + y][ox + x], crop[y][x])) {
                    return false;
                }
            }
        }
        return true;
    }

    private static void assertArrayEqualsAt(int[] expected, int[] actual, int x, int y) {
        assertTrue(java.util.Arrays.equals(expected, actual),
                "pixel (" + x + ", " + y + "): expected " + java.util.Arrays.toString(expected) + ", got " + java.util.Arrays.toString(actual));
    }

    /** A random generator whose coin always lands the same way (the flips draw {@code nextBoolean}). */
    private static Random fixedCoin(boolean value) {
        return new Random(0) {
            @Override
            public boolean nextBoolean() {
                return value;
            }
        };
    }

    private static int[][][] noise(int w, int h, long seed, int bound) {
        Random r = new Random(seed);
        int[][][] p = new int[h][w][3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    p[y][x][c] = r.nextInt(bound);
                }
            }
        }
        return p;
    }

    private ImageWritable image(int[][][] p) {
        Mat mat = new Mat(p.length, p[0].length, CV_8UC3);
        try (UByteIndexer idx = mat.createIndexer()) {
            for (int y = 0; y < p.length; y++) {
                for (int x = 0; x < p[0].length; x++) {
                    for (int c = 0; c < 3; c++) {
                        idx.put(y, x, c, p[y][x][c]);
                    }
                }
            }
        }
        return new ImageWritable(converter.convert(mat));
    }

    private int[][][] pixels(ImageWritable image) {
        Mat mat = converter.convert(image.getFrame());
        int[][][] p = new int[mat.rows()][mat.cols()][3];
        try (UByteIndexer idx = mat.createIndexer()) {
            for (int y = 0; y < mat.rows(); y++) {
                for (int x = 0; x < mat.cols(); x++) {
                    for (int c = 0; c < 3; c++) {
                        p[y][x][c] = idx.get(y, x, c);
                    }
                }
            }
        }
        return p;
    }
}
