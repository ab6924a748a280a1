package io.transfer4j.transfer.explain;

import io.transfer4j.transfer.io.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The pictures of {@code explain}: a heatmap over its image with a colour bar, grids of feature maps or
 * filters, and PNG files written atomically (never half a file).
 *
 * <pre>{@code
 * BufferedImage img = Pictures.image(raw);                               // [1, c, h, w] 0..255 pixels
 * Pictures.write(Pictures.overlay(img, heatmap, "cat 0.93"), Path.of("out/cat.png"));
 * }</pre>
 */
public final class Pictures {
    /** Width of the colour bar and its labels to the right of an overlay. */
    static final int LEGEND = 60;
    private static final int CAPTION = 18;

    private Pictures() {
    }

    /** Writes {@code image} as a PNG via a temporary file and an atomic rename; returns {@code png}. */
    public static Path write(BufferedImage image, Path png) {
        try {
            AtomicFiles.write(png, out -> {
                if (!ImageIO.write(image, "png", out)) {
                    throw new IOException("no PNG writer");
                }
            });
            return png;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + png + ": " + e.getMessage(), e);
        }
    }

    /** Raw pixels {@code [1, c, h, w]} or {@code [c, h, w]} (0..255, gray or RGB) as an RGB image. */
    public static BufferedImage image(INDArray raw) {
        INDArray x = raw.rank() == 4 ? raw.slice(0) : raw;
        int c = (int) x.size(0);
        int h = (int) x.size(1);
        int w = (int) x.size(2);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int i = 0; i < w; i++) {
                int r = clamp(x.getDouble(0, y, i));
                int g = c >= 3 ? clamp(x.getDouble(1, y, i)) : r;
                int b = c >= 3 ? clamp(x.getDouble(2, y, i)) : r;
                img.setRGB(i, y, (r << 16) | (g << 8) | b);
            }
        }
        return img;
    }

    /**
     * {@code image} with the heatmap (upsampled to it, scaled by its maximum) blended over it in the jet colour
     * map, a caption on top and a colour bar (0 to the maximum) on the right.
     */
    public static BufferedImage overlay(BufferedImage image, Heatmap heatmap, String caption) {
        int w = image.getWidth();
        int h = image.getHeight();
        double[][] m = heatmap.upsampled(h, w);
        double max = heatmap.max();
        BufferedImage out = new BufferedImage(w + LEGEND, h + CAPTION, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(out);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                Color heat = jet(max > 0 ? m[y][x] / max : 0);
                Color base = new Color(image.getRGB(x, y));
                out.setRGB(x, y + CAPTION, blend(base, heat, 0.45).getRGB());
            }
        }
        int barX = w + 10;
        int barW = 14;
        for (int y = 0; y < h; y++) {
            g.setColor(jet(1.0 - (double) y / Math.max(1, h - 1)));
            g.fillRect(barX, y + CAPTION, barW, 1);
        }
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        g.drawString(String.format(Locale.ROOT, "%.3g", max), barX + barW + 2, CAPTION + 9);
        g.drawString("0", barX + barW + 2, CAPTION + h);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString(caption, 2, 13);
        g.dispose();
        return out;
    }

    /**
     * Maps side by side, {@code columns} per row, each scaled to {@code cell}×{@code cell} pixels (nearest
     * neighbour, so single activations stay visible) in gray from its own minimum to maximum, titled underneath.
     */
    public static BufferedImage grid(List<double[][]> maps, List<String> titles, int cell, int columns) {
        int rows = (maps.size() + columns - 1) / columns;
        int titleH = 12;
        BufferedImage out = new BufferedImage(columns * (cell + 4), rows * (cell + 4 + titleH), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(out);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 9));
        for (int k = 0; k < maps.size(); k++) {
            double[][] m = maps.get(k);
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (double[] row : m) {
                for (double v : row) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
            int ox = (k % columns) * (cell + 4) + 2;
            int oy = (k / columns) * (cell + 4 + titleH) + 2;
            for (int y = 0; y < cell; y++) {
                for (int x = 0; x < cell; x++) {
                    double v = m[y * m.length / cell][x * m[0].length / cell];
                    int gray = hi > lo ? (int) Math.round(255 * (v - lo) / (hi - lo)) : 0;
                    out.setRGB(ox + x, oy + y, (gray << 16) | (gray << 8) | gray);
                }
            }
            g.setColor(Color.BLACK);
            g.drawString(titles.get(k), ox, oy + cell + titleH - 2);
        }
        g.dispose();
        return out;
    }

    /**
     * Pictures side by side, {@code columns} per row, each in a cell as large as the largest, titled underneath (a
     * contact sheet of overlays, the patterns of several channels).
     */
    public static BufferedImage tiles(List<BufferedImage> images, List<String> titles, int columns) {
        if (images.isEmpty() || images.size() != titles.size() || columns < 1) {
            throw new IllegalArgumentException("tiles needs images, one title each and columns >= 1; got " + images.size()
                    + " images, " + titles.size() + " titles, " + columns + " columns");
        }
        int cw = images.stream().mapToInt(BufferedImage::getWidth).max().orElseThrow();
        int ch = images.stream().mapToInt(BufferedImage::getHeight).max().orElseThrow();
        int titleH = 14;
        int rows = (images.size() + columns - 1) / columns;
        BufferedImage out = new BufferedImage(Math.min(columns, images.size()) * (cw + 6), rows * (ch + 6 + titleH), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(out);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        g.setColor(Color.BLACK);
        for (int k = 0; k < images.size(); k++) {
            int ox = (k % columns) * (cw + 6) + 3;
            int oy = (k / columns) * (ch + 6 + titleH) + 3;
            g.drawImage(images.get(k), ox, oy, null);
            g.drawString(titles.get(k), ox, oy + ch + titleH - 3);
        }
        g.dispose();
        return out;
    }

    /** {@code image} scaled down (aspect kept, bilinear) to at most {@code maxWidth} wide; as it is when narrower. */
    public static BufferedImage thumbnail(BufferedImage image, int maxWidth) {
        if (image.getWidth() <= maxWidth) {
            return image;
        }
        int h = Math.max(1, (int) Math.round((double) image.getHeight() * maxWidth / image.getWidth()));
        BufferedImage out = new BufferedImage(maxWidth, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(image, 0, 0, maxWidth, h, null);
        g.dispose();
        return out;
    }

    /** RGB tiles ({@code [n][3][h][w]} values, each tile scaled from its own min to max), {@code scale} px per value. */
    static BufferedImage rgbTiles(double[][][][] tiles, List<String> titles, int scale, int columns) {
        int th = tiles[0][0].length * scale;
        int tw = tiles[0][0][0].length * scale;
        int rows = (tiles.length + columns - 1) / columns;
        BufferedImage out = new BufferedImage(columns * (tw + 4), rows * (th + 16), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(out);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 9));
        g.setStroke(new BasicStroke(1));
        for (int k = 0; k < tiles.length; k++) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (double[][] ch : tiles[k]) {
                for (double[] row : ch) {
                    for (double v : row) {
                        lo = Math.min(lo, v);
                        hi = Math.max(hi, v);
                    }
                }
            }
            int ox = (k % columns) * (tw + 4) + 2;
            int oy = (k / columns) * (th + 16) + 2;
            for (int y = 0; y < th; y++) {
                for (int x = 0; x < tw; x++) {
                    int[] rgb = new int[3];
                    for (int c = 0; c < 3; c++) {
                        double v = tiles[k][c][y / scale][x / scale];
                        rgb[c] = hi > lo ? (int) Math.round(255 * (v - lo) / (hi - lo)) : 128;
                    }
                    out.setRGB(ox + x, oy + y, (rgb[0] << 16) | (rgb[1] << 8) | rgb[2]);
                }
            }
            g.setColor(Color.BLACK);
            g.drawString(titles.get(k), ox, oy + th + 12);
        }
        g.dispose();
        return out;
    }

    /** The jet colour map: 0 dark blue, 0.5 green-yellow, 1 dark red. */
    static Color jet(double t) {
        double v = Math.max(0, Math.min(1, t));
        double r = Math.max(0, Math.min(1, 1.5 - Math.abs(4 * v - 3)));
        double g = Math.max(0, Math.min(1, 1.5 - Math.abs(4 * v - 2)));
        double b = Math.max(0, Math.min(1, 1.5 - Math.abs(4 * v - 1)));
        return new Color((float) r, (float) g, (float) b);
    }

    private static Color blend(Color a, Color b, double alpha) {
        return new Color((int) Math.round(a.getRed() * (1 - alpha) + b.getRed() * alpha),
                (int) Math.round(a.getGreen() * (1 - alpha) + b.getGreen() * alpha),
                (int) Math.round(a.getBlue() * (1 - alpha) + b.getBlue() * alpha));
    }

    private static Graphics2D canvas(BufferedImage out) {
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        return g;
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }
}
