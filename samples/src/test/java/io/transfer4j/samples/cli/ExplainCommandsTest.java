package io.transfer4j.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.transfer4j.dsl.Network;
import io.transfer4j.transfer.TransferModel;
import io.transfer4j.zoo.Preprocessing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;

/** Issue 18's commands on a tiny saved VGG-like model: explain, activations, filters, convolutionalize, predict on the map. */
class ExplainCommandsTest {
    @TempDir
    Path dir;

    @Test
    void explainActivationsFiltersConvolutionalizeAndPredictTheMap() throws Exception {
        Network net = Network.builder("tiny-vgg").seed(4).input(16, 16, 3).conv(4, 3).act(Activation.RELU).name("block1_conv1")
                .maxPool(2).name("block1_pool").flatten().dense(8).act(Activation.RELU).name("fc1").output(2).name("predictions").build();
        Path model = dir.resolve("tiny.zip");
        TransferModel.from(net).labels(List.of("dark", "light")).preprocessing(Preprocessing.unit(16, 16, 3)).save(model);
        Path image = PredictEvaluateTest.tinyImages(dir).resolve("light/0.png");

        CliTest.Result r = CliTest.run("explain", "--model", model.toString(), "--top", "2", "--out", dir.resolve("cam").toString(),
                image.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("light") && r.out().contains("0-1.png"), r.out());
        assertEquals(16 + 60, ImageIO.read(dir.resolve("cam/0-0.png").toFile()).getWidth());
        assertTrue(Files.readString(dir.resolve("cam/index.html")).contains("0-1.png"));

        r = CliTest.run("activations", "--model", model.toString(), "--layer", "block1_conv1", "--channels", "0,3",
                "--out", dir.resolve("acts").toString(), image.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.isRegularFile(dir.resolve("acts/0-block1_conv1.png")), r.out());

        r = CliTest.run("filters", "--model", model.toString(), "--layer", "block1_conv1", "--out", dir.resolve("f.png").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(ImageIO.read(dir.resolve("f.png").toFile()).getWidth() > 0);

        Path big = dir.resolve("tiny24.zip");
        r = CliTest.run("convolutionalize", "--model", model.toString(), "--input", "24", "--out", big.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("5x5x2"), r.out());   // (24 - 2) / 2 = 11 after the pool; F = 7: 5x5 cells
        r = CliTest.run("predict", "--model", big.toString(), image.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("5x5 map of 2 classes"), r.out());
        r = CliTest.run("predict", "--model", big.toString(), "--json", image.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("\"argmax\"") && r.out().contains("\"scores\""), r.out());

        r = CliTest.run("filters", "--model", model.toString(), "--layer", "block1_conv1", "--patterns", "--steps", "3",
                "--out", dir.resolve("patterns.png").toString());
        assertEquals(0, r.code(), r.err());
        // 4 channels: 2 x 2 tiles of the 16-pixel input, each in a 22 x 36 cell
        var patterns = ImageIO.read(dir.resolve("patterns.png").toFile());
        assertEquals(2 * 22, patterns.getWidth());
        assertEquals(2 * 36, patterns.getHeight());

        r = CliTest.run("explain", "--model", model.toString(), "--layer", "conv9", "--out", dir.resolve("x").toString(), image.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("no layer named 'conv9'"), r.err());
        Path broken = Files.write(dir.resolve("broken.png"), new byte[] {1, 2, 3});
        r = CliTest.run("explain", "--model", model.toString(), "--out", dir.resolve("x").toString(), broken.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("broken.png"), r.err());
    }

    @Test
    void camOverEveryImageOfAFolderWithAContactSheet() throws Exception {
        Network net = Network.builder("tiny-gap").seed(4).input(16, 16, 3).conv(4, 3).same().act(Activation.RELU).name("feat")
                .globalAvgPool().name("avg_pool").output(2).name("predictions").build();
        Path model = dir.resolve("gap.zip");
        TransferModel.from(net).labels(List.of("dark", "light")).preprocessing(Preprocessing.unit(16, 16, 3)).save(model);
        Path folder = PredictEvaluateTest.tinyImages(dir);
        long images;
        try (var s = Files.walk(folder)) {
            images = s.filter(p -> p.toString().endsWith(".png")).count();
        }
        Path sheet = dir.resolve("sheet.png");
        CliTest.Result r = CliTest.run("explain", "--model", model.toString(), "--cam", "--sheet", sheet.toString(),
                "--out", dir.resolve("cam").toString(), folder.toString());
        assertEquals(0, r.code(), r.err());
        String html = Files.readString(dir.resolve("cam/index.html"));
        assertTrue(html.contains("CAM at layer feat") && html.contains("light_0-"), html);
        try (var s = Files.list(dir.resolve("cam"))) {
            assertEquals(images + 1, s.count(), "one overlay per image (top 1) and index.html");
        }
        var png = ImageIO.read(sheet.toFile());
        int rows = (int) ((images + 5) / 6);
        assertEquals(Math.min(6, images) * (16 + 60 + 6), png.getWidth());   // overlays are 76 px wide: no scaling
        assertEquals(rows * (16 + 18 + 6 + 14), png.getHeight());

        Path vgg = dir.resolve("tiny-vgg.zip");
        TransferModel.from(Network.builder("tiny-vgg").input(16, 16, 3).conv(2, 3).name("c").flatten().output(2).build()).save(vgg);
        r = CliTest.run("explain", "--model", vgg.toString(), "--cam", "--out", dir.resolve("y").toString(), folder.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("global average pooling") && r.err().contains("Grad-CAM"), r.err());

        Path empty = Files.createDirectories(dir.resolve("empty"));
        r = CliTest.run("explain", "--model", model.toString(), "--out", dir.resolve("z").toString(), empty.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("no image files") && r.err().contains("empty"), r.err());
        Path copy = Files.copy(folder.resolve("light/0.png"), dir.resolve("0.png"));
        r = CliTest.run("explain", "--model", model.toString(), "--out", dir.resolve("z").toString(),
                folder.resolve("dark/0.png").toString(), copy.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("would write the same overlay files"), r.err());
    }
}
