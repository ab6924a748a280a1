package io.transfer4j.transfer.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.transfer4j.dsl.Network;
import io.transfer4j.transfer.TransferModel;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;

/** Issue 18: overlays, activation grids and filter pictures are written, at their declared sizes; bad input is named. */
class PicturesTest {
    @TempDir
    Path dir;

    private TransferModel model() {
        return TransferModel.from(Network.builder("rgb").seed(2).input(20, 20, 3).conv(6, 5).act(Activation.RELU).name("conv1")
                .conv(4, 3).act(Activation.RELU).name("conv2").flatten().output(3).build());
    }

    private Path png(int w, int h) throws Exception {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, (x * 8 << 16) | (y * 8 << 8) | 90);
            }
        }
        Path p = dir.resolve("in.png");
        ImageIO.write(img, "png", p.toFile());
        return p;
    }

    @Test
    void overlayGridAndFilterPngsHaveTheirDeclaredSizes() throws Exception {
        TransferModel m = model();
        Path image = png(30, 25);   // any size: resized to the model's 20x20
        GradCam cam = GradCam.of(m);
        assertEquals("conv2", cam.layer());
        Heatmap h = cam.heatmap(image, 1);
        assertEquals(14, h.height());
        BufferedImage base = Pictures.image(ModelImages.raw(m, image));
        Path out = Pictures.write(Pictures.overlay(base, h, "class 1"), dir.resolve("out/overlay.png"));
        BufferedImage read = ImageIO.read(out.toFile());
        assertEquals(20 + Pictures.LEGEND, read.getWidth());
        assertEquals(20 + 18, read.getHeight());

        BufferedImage grid = Activations.of(m).layer("conv1").channels(0, 2, 5).cell(32).grid(image);
        assertEquals(2 * 36, grid.getWidth());   // 3 tiles: 2 columns of 32 + 4 px
        assertEquals(2 * (36 + 12), grid.getHeight());
        BufferedImage all = Activations.of(m).layer("conv1").cell(16).grid(image);
        assertEquals(3 * 20, all.getWidth());    // 6 channels: 3 columns

        BufferedImage rgb = Filters.of(m).layer("conv1").image();   // 6 RGB 5x5 filters, 9 px per weight
        assertEquals(3 * (45 + 4), rgb.getWidth());
        BufferedImage deep = Filters.of(m).layer("conv2").image();  // 4 filters x 6 input channels
        assertEquals(6 * (48 + 4), deep.getWidth());
        Path f = Pictures.write(deep, dir.resolve("filters.png"));
        assertEquals(deep.getHeight(), ImageIO.read(f.toFile()).getHeight());
        try (var files = Files.list(dir.resolve("out"))) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void corruptImageUnknownLayerAndBadChannelAreClearErrors() throws Exception {
        TransferModel m = model();
        Path bad = Files.write(dir.resolve("broken.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GradCam.of(m).heatmap(bad, 0));
        assertTrue(e.getMessage().contains("broken.jpg"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Activations.of(m).layer("conv9"));
        assertTrue(e.getMessage().contains("no layer named 'conv9'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Filters.of(m).layer("flatten1"));
        assertTrue(e.getMessage().contains("not a convolution"), e.getMessage());
        Path image = png(20, 20);
        e = assertThrows(IllegalArgumentException.class, () -> Activations.of(m).layer("conv1").channels(6).grid(image));
        assertTrue(e.getMessage().contains("channel 6 is out of range") && e.getMessage().contains("0..5"), e.getMessage());
    }
}
