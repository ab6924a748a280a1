package io.transfer4j.transfer.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
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
    void mismatchedLabelsAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> Charts.confusionMatrix(dir.resolve("c.png"), new int[][] {{1}}, List.of("a", "b")));
    }
}
