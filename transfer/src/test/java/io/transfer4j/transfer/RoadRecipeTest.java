package io.transfer4j.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.transfer4j.transfer.data.ImageFolder;
import io.transfer4j.transfer.data.ImageFolderData;
import io.transfer4j.transfer.train.Trainer;
import io.transfer4j.transfer.train.TrainingConfig;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.learning.config.Adam;

/**
 * The road-type recipe end to end on generated images, a small zoo-like trunk with metadata standing in
 * for VGG16: folder → frozen trunk + new head → train → evaluate → one model file → predict.
 */
class RoadRecipeTest {
    static final List<String> ROADS = List.of("cobblestone", "interlocking", "unpaved");
    static final int[][] COLOURS = {{120, 120, 125}, {170, 70, 50}, {205, 175, 110}};

    @TempDir
    Path dir;

    private Path roads() throws IOException {
        Random r = new Random(3);
        Path root = dir.resolve("roads");
        for (int c = 0; c < ROADS.size(); c++) {
            Path d = Files.createDirectories(root.resolve(ROADS.get(c)));
            for (int i = 0; i < 10; i++) {
                BufferedImage img = new BufferedImage(24, 20, BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < 20; y++) {
                    for (int x = 0; x < 24; x++) {
                        int n = r.nextInt(41) - 20;
                        int[] k = COLOURS[c];
                        img.setRGB(x, y, (clamp(k[0] + n) << 16) | (clamp(k[1] + n) << 8) | clamp(k[2] + n));
                    }
                }
                ImageIO.write(img, "png", d.resolve(i + ".png").toFile());
            }
        }
        return root;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    @Test
    void roadTypesInTenLines() throws IOException {
        Path roads = roads();
        Path modelFile = dir.resolve("roads.zip");
        // ---- the recipe (a zoo model would be TransferModel.from(Zoo.vgg16().weights("imagenet").includeTop(false)))
        TransferModel model = TransferModel.from(HeadTest.zooLike(), HeadTest.zooInfo()).freezeAll();
        ImageFolderData data = ImageFolder.of(roads).split(0.7, 0.3).preprocessing(model.preprocessing()).batchSize(8).load();
        model.newHead(Head.labels(data.classNames()).hidden(16));
        new Trainer(model.graph(), TrainingConfig.builder(25).optimizer(new Adam(1e-2)).progressBar(false).build())
                .fit(data.train(), data.validation());
        EvaluationReport report = Evaluator.of(model).evaluate(data.validation());
        model.save(modelFile);
        List<Prediction> top = Classifier.load(modelFile).predict(roads.resolve("unpaved/0.png"), 3);
        // ---- end of recipe
        assertEquals(ROADS, data.classNames());
        assertTrue(report.accuracy() >= 0.8, report.toString());
        assertTrue(report.topLosses().stream().allMatch(t -> t.source().startsWith(roads.toString()) && t.source().endsWith(".png")),
                "top losses name their image files: " + report.topLosses());
        assertEquals("unpaved", top.get(0).label(), top.toString());
        TransferModel back = TransferModel.load(modelFile);
        assertEquals(java.util.Set.of("block1_conv1", "block2_conv1"), back.frozenLayers());
        assertEquals(HeadTest.zooInfo(), back.info().orElseThrow());
        assertEquals(ROADS, back.labels());
    }
}
