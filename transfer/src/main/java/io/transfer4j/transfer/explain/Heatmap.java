package io.transfer4j.transfer.explain;

/**
 * Where the evidence for one class lies: a non-negative map at a layer's resolution (Grad-CAM or CAM), with
 * the class and its score; {@link #upsampled} brings it to the image's size (bilinear).
 *
 * <pre>{@code
 * Heatmap h = GradCam.of(model).heatmap(image, 3);
 * double[][] big = h.upsampled(224, 224);   // same values range, image resolution
 * }</pre>
 *
 * @param layer      the layer whose activations it weighs
 * @param classIndex the class explained
 * @param score      the model's probability (or score) for that class on this image
 * @param map        {@code [height][width]} at the layer's resolution, values ≥ 0
 */
public record Heatmap(String layer, int classIndex, double score, double[][] map) {

    public int height() {
        return map.length;
    }

    public int width() {
        return map[0].length;
    }

    /** The largest value (0 when the class has no positive evidence anywhere). */
    public double max() {
        double m = 0;
        for (double[] row : map) {
            for (double v : row) {
                m = Math.max(m, v);
            }
        }
        return m;
    }

    /** The map resized to {@code height}×{@code width} by bilinear interpolation (pixel centres aligned). */
    public double[][] upsampled(int height, int width) {
        int h = height();
        int w = width();
        double[][] out = new double[height][width];
        for (int y = 0; y < height; y++) {
            double sy = Math.min(h - 1, Math.max(0, (y + 0.5) * h / height - 0.5));
            int y0 = (int) sy;
            int y1 = Math.min(h - 1, y0 + 1);
            double fy = sy - y0;
            for (int x = 0; x < width; x++) {
                double sx = Math.min(w - 1, Math.max(0, (x + 0.5) * w / width - 0.5));
                int x0 = (int) sx;
                int x1 = Math.min(w - 1, x0 + 1);
                double fx = sx - x0;
                out[y][x] = (1 - fy) * ((1 - fx) * map[y0][x0] + fx * map[y0][x1]) + fy * ((1 - fx) * map[y1][x0] + fx * map[y1][x1]);
            }
        }
        return out;
    }

    /** {@code {row, column}} of the largest value of {@code m}. */
    public static int[] peak(double[][] m) {
        int[] best = {0, 0};
        for (int y = 0; y < m.length; y++) {
            for (int x = 0; x < m[y].length; x++) {
                if (m[y][x] > m[best[0]][best[1]]) {
                    best = new int[] {y, x};
                }
            }
        }
        return best;
    }
}
