package io.transfer4j.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.transfer4j.transfer.Classifier;
import io.transfer4j.transfer.pretrained.FashionCnn;
import io.transfer4j.transfer.pretrained.PretrainedFashionCnn;
import io.transfer4j.zoo.weights.ModelCache;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code transfer4j spark featurize|finetune|predict} on local[2], in-process, on a tiny two-class folder (8 images,
 * a perceptron head of 10 iterations: the commands' wiring is under test here, the stages in the spark module).
 */
class SparkCliTest {
    /** 4 bright and 4 dark 28x28 noise images under {@code root/bright}, {@code root/dark}. */
    private static Path folder(Path root) throws Exception {
        Random r = new Random(3);
        for (String cls : List.of("bright", "dark")) {
            Files.createDirectories(root.resolve(cls));
            for (int i = 0; i < 4; i++) {
                BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < 28; y++) {
                    for (int x = 0; x < 28; x++) {
                        int v = (cls.equals("bright") ? 160 : 0) + r.nextInt(90);
                        img.setRGB(x, y, v << 16 | v << 8 | v);
                    }
                }
                ImageIO.write(img, "png", root.resolve(cls).resolve(cls + i + ".png").toFile());
            }
        }
        return root;
    }

    @Test
    void featurizeFinetunePredictWriteParquetAndAModelFile(@TempDir Path dir) throws Exception {
        Path data = folder(dir.resolve("data"));
        String trunk = PretrainedFashionCnn.install(ModelCache.fromEnvironment()).toString();
        String[] common = {"--master", "local[2]", "--data", data.toString(), "--batch", "4"};

        CliTest.Result f = CliTest.run(concat(new String[] {"spark", "featurize"}, common, "--model", trunk, "--layer",
                FashionCnn.FEATURE_LAYER, "--out", dir.resolve("features").toString()));
        assertEquals(0, f.code(), f.err());
        assertTrue(f.out().contains("featurized 8 images"), f.out());

        Path model = dir.resolve("model.zip");
        CliTest.Result t = CliTest.run(concat(new String[] {"spark", "finetune"}, common, "--model", trunk, "--layer",
                FashionCnn.FEATURE_LAYER, "--head", "mlp", "--hidden", "4", "--max-iter", "10", "--out", model.toString()));
        assertEquals(0, t.code(), t.err());
        try (Classifier c = Classifier.load(model)) {
            assertEquals(List.of("bright", "dark"), c.labels());
        }

        CliTest.Result p = CliTest.run(concat(new String[] {"spark", "predict"}, common, "--model", model.toString(), "--top", "2",
                "--out", dir.resolve("predictions").toString()));
        assertEquals(0, p.code(), p.err());
        List<Row> rows = SparkSession.builder().getOrCreate().read().parquet(dir.resolve("predictions").toString())
                .select("path", "predictedLabel").collectAsList();
        assertEquals(8, rows.size());
        long right = rows.stream().filter(r -> r.getString(0).contains("/" + r.getString(1) + "/")).count();
        assertTrue(right >= 7, right + " of 8 right");
    }

    @Test
    void badArgumentsAreOneLine(@TempDir Path dir) {
        CliTest.Result r = CliTest.run("spark", "featurize", "--master", "local[2]", "--data", dir.toString(), "--bad-images", "maybe",
                "--out", dir.resolve("o").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("--bad-images must be fail or skip"), r.err());
    }

    private static String[] concat(String[] a, String[] b, String... c) {
        String[] out = new String[a.length + b.length + c.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        System.arraycopy(c, 0, out, a.length + b.length, c.length);
        return out;
    }
}
