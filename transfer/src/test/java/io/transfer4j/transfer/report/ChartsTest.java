package io.transfer4j.transfer.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChartBuilder;
import org.junit.jupiter.api.io.TempDir;

class ChartsTest {
    @TempDir
    Path dir;

    @Test
    void writesReadablePngs() throws Exception {
        Path curves = Charts.learningCurves(dir.resolve("r/curves.png"), "epoch",
                Map.of("train loss", List.of(1.0, 0.6, 0.4), "val loss", List.of(1.1, 0.8)));
        Path cm = Charts.confusionMatrix(dir.resolve("r/confusion.png"), new int[][] {{5, 1}, {0, 7}}, List.of("a", "b"));
        for (Path p : List.of(curves, cm)) {
            BufferedImage img = ImageIO.read(p.toFile());
            assertEquals(true, img.getWidth() > 100, p.toString());
        }
        try (var files = Files.list(dir.resolve("r"))) {
            assertEquals(2, files.count(), "no temporary files left behind");
        }
    }

    @Test
    void learningCurvesDrawEverySeriesWithItsShape() throws Exception {
        Path png = Charts.learningCurves(dir.resolve("curves.png"), "epoch",
                new java.util.LinkedHashMap<>(Map.of("falling", List.of(1.0, 0.5, 0.1))));
        BufferedImage img = ImageIO.read(png.toFile());
        Color line = new XYChartBuilder().build().getStyler().getSeriesColors()[0];
        // the series' own colour is drawn, and a falling series sits higher on the left than on the right
        double left = meanRow(img, line, 0, img.getWidth() / 2);
        double right = meanRow(img, line, img.getWidth() / 2, img.getWidth());
        assertTrue(left > 0 && right > 0, "series colour " + line + " not drawn");
        assertTrue(left < right, "falling loss must go down the picture: mean row " + left + " left, " + right + " right");
    }

    @Test
    void confusionMatrixPutsTheFirstClassOnTopAndLeft() throws Exception {
        Path png = Charts.confusionMatrix(dir.resolve("cm.png"), new int[][] {{9, 0}, {0, 1}}, List.of("a", "b"));
        BufferedImage img = ImageIO.read(png.toFile());
        Color[] range = new HeatMapChartBuilder().build().getStyler().getRangeColors();
        Color most = range[range.length - 1];
        // the largest count (actual a, predicted a) gets the top colour of the range, in the upper-left cell;
        // the colour legend is on the right, so only the left half of the picture is counted
        int upper = count(img, most, 0, img.getWidth() / 2, 0, img.getHeight() / 2);
        int lower = count(img, most, 0, img.getWidth() / 2, img.getHeight() / 2, img.getHeight());
        assertTrue(upper > 1000 && lower < upper / 20, "max-count cell pixels: upper " + upper + ", lower " + lower);
    }

    private static double meanRow(BufferedImage img, Color c, int x0, int x1) {
        long sum = 0;
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = x0; x < x1; x++) {
                if (near(img.getRGB(x, y), c)) {
                    sum += y;
                    n++;
                }
            }
        }
        return n == 0 ? 0 : (double) sum / n;
    }

    /** Whether a pixel shows colour {@code c} as drawn on white (XChart's colours are translucent). */
    private static boolean near(int rgb, Color c) {
        double a = c.getAlpha() / 255.0;
        int[] want = {c.getRed(), c.getGreen(), c.getBlue()};
        int[] got = {(rgb >> 16) & 255, (rgb >> 8) & 255, rgb & 255};
        int d = 0;
        for (int i = 0; i < 3; i++) {
            d = Math.max(d, (int) Math.abs(got[i] - (want[i] * a + 255 * (1 - a))));
        }
        return d <= 24;
    }

    private static int count(BufferedImage img, Color c, int x0, int x1, int y0, int y1) {
        int n = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                n += near(img.getRGB(x, y), c) ? 1 : 0;
            }
        }
        return n;
    }

    @Test
    void mismatchedLabelsAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> Charts.confusionMatrix(dir.resolve("c.png"), new int[][] {{1}}, List.of("a", "b")));
    }
}
