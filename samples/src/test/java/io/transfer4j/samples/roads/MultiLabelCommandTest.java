package io.transfer4j.samples.roads;

import io.transfer4j.samples.finetune.FinetuneReport;
import io.transfer4j.samples.cli.Transfer4j;
import io.transfer4j.transfer.TransferModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Multi-label from the shell: {@code finetune --data labels.csv}, then {@code predict} prints every label over its threshold. */
class MultiLabelCommandTest {
    @TempDir
    Path dir;

    /** 32x32 images, "red" and "blue" independently (image i: red when i is even, blue when i / 2 is even), and their CSV. */
    private Path colours(int n) throws Exception {
        Random r = new Random(5);
        StringBuilder csv = new StringBuilder("path,labels\n");
        Files.createDirectories(dir.resolve("img"));
        for (int i = 0; i < n; i++) {
            boolean red = i % 2 == 0;
            boolean blue = (i / 2) % 2 == 0;
            BufferedImage img = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    int v = r.nextInt(60);
                    img.setRGB(x, y, (red ? 190 + v : v) << 16 | (70 + v) << 8 | (blue ? 190 + v : v));
                }
            }
            ImageIO.write(img, "png", dir.resolve("img/" + i + ".png").toFile());
            List<String> labels = new ArrayList<>();
            if (red) {
                labels.add("red");
            }
            if (blue) {
                labels.add("blue");
            }
            csv.append("img/").append(i).append(".png,").append(String.join(";", labels)).append('\n');
        }
        return Files.writeString(dir.resolve("colours.csv"), csv);
    }

    private static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Transfer4j.run(new PrintWriter(out), new PrintWriter(err), args);
        assertEquals(0, code, err.toString());
        return new String[] {out.toString(), err.toString()};
    }

    @Test
    void finetuneOnACsvThenPredictPrintsEveryLabelOverItsThreshold() throws Exception {
        Path csv = colours(64);
        Path standIn = StandIn.write(dir.resolve("standin.zip"));
        Path model = dir.resolve("colours.zip");
        String json = run("finetune", "--data", csv.toString(), "--model", StandIn.MODEL, "--weights", standIn.toString(), "--size", "32",
                "--epochs", "30", "--patience", "30", "--batch", "8", "--hidden", "0", "--lr", "1e-2", "--out", model.toString(),
                "--report", dir.resolve("report").toString(), "--json")[0];
        JsonNode test = new ObjectMapper().readTree(json).path("test");
        assertTrue(test.path("meanAveragePrecision").asDouble() > 0.9, json);
        assertEquals(2, test.path("labels").size(), json);
        assertTrue(TransferModel.load(model).isMultiLabel());
        String summary = Files.readString(dir.resolve("report").resolve(FinetuneReport.SUMMARY));
        assertTrue(summary.contains("mAP") && summary.contains("threshold"), summary);

        String both = run("predict", "--model", model.toString(), dir.resolve("img/0.png").toString())[0];
        assertTrue(both.contains("red") && both.contains("blue"), "image 0 is red and blue:\n" + both);
        String neither = run("predict", "--model", model.toString(), dir.resolve("img/3.png").toString())[0];
        assertTrue(neither.contains("(no label over its threshold)"), "image 3 is neither:\n" + neither);
        JsonNode redOnly = new ObjectMapper().readTree(run("predict", "--model", model.toString(), "--json",
                dir.resolve("img/2.png").toString())[0]);
        assertTrue(redOnly.path("multiLabel").asBoolean());
        JsonNode predictions = redOnly.path("results").path(0).path("predictions");
        assertEquals(1, predictions.size(), redOnly.toString());
        assertEquals("red", predictions.path(0).path("label").asText());

        JsonNode evaluated = new ObjectMapper().readTree(run("evaluate", "--model", model.toString(), "--data", csv.toString(), "--json")[0]);
        assertEquals(64, evaluated.path("count").asInt());
        assertTrue(evaluated.path("microF1").asDouble() > 0.8, evaluated.toString());
    }
}
