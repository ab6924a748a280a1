package io.transfer4j.samples.roads;

import io.transfer4j.samples.finetune.FinetuneOptions;
import io.transfer4j.samples.finetune.FinetuneReport;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.transfer4j.transfer.Classifier;
import io.transfer4j.transfer.Head;
import io.transfer4j.transfer.Prediction;
import io.transfer4j.transfer.TransferModel;
import io.transfer4j.zoo.Preprocessing;
import io.transfer4j.zoo.weights.HashAlgorithm;
import io.transfer4j.zoo.weights.ModelCache;
import io.transfer4j.zoo.weights.WeightFormat;
import io.transfer4j.zoo.weights.WeightRegistry;
import io.transfer4j.zoo.weights.WeightSource;
import io.transfer4j.zoo.weights.WeightTag;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The road-type samples end to end on generated textures, with a small stand-in for VGG16 and its ImageNet
 * weights ({@link StandIn}: a three-block VGG in the zoo, random weights in a transfer4j model file passed
 * as {@code --weights FILE}).
 */
class RoadTypesTest {
    @TempDir
    static Path dir;
    static Path roads;
    static Path standIn;

    @BeforeAll
    static void generate() throws Exception {
        roads = SyntheticRoads.write(dir.resolve("roads"), 20, 64);
        standIn = StandIn.write(dir.resolve("standin.zip"));
    }

    @Test
    void javaSampleFineTunesSavesAndPredicts() throws Exception {
        Path out = dir.resolve("java/roads.zip");
        Path report = dir.resolve("java/report");
        RoadTypes.main(new String[] {"--data", roads.toString(), "--model", StandIn.MODEL, "--weights", standIn.toString(),
                "--size", "32", "--epochs", "8", "--batch", "8", "--lr", "1e-2", "--hidden", "32", "--out", out.toString(),
                "--report", report.toString(), "--unfreeze-from", "block3_conv1", "--fine-tune-epochs", "2", "--micro-batches", "2",
                "--patience", "8"});   // all 8 head epochs: on 9 validation images early stopping kept epoch 2 (0.44) on seed 9
        double accuracy = checkRun(out, report);
        TransferModel tuned = TransferModel.load(out);
        assertTrue(tuned.isFrozen("block2_conv1") && !tuned.isFrozen("block3_conv1"), tuned.frozenLayers().toString());
        assertNotEquals(TransferModel.load(standIn).graph().getLayer("block3_conv1").getParam("W"),
                tuned.graph().getLayer("block3_conv1").getParam("W"), "the unfrozen block was fine-tuned");
        assertEquals(2, Pattern.compile("== Training").matcher(Files.readString(report.resolve(FinetuneReport.SUMMARY))).results().count());
        // The textures are easy even on frozen random features: measured 0.89-1.0 over --seed 1-12 and 42 (the default,
        // 0.89), so at least 7 of the 9 test images must be right (chance: 3).
        assertTrue(accuracy >= 0.77, "the new head learned the textures from frozen random features: " + accuracy);
    }

    @Test
    void kotlinSampleFineTunesAndComparesWithScratch() throws Exception {
        Path out = dir.resolve("kotlin/roads.zip");
        Path report = dir.resolve("kotlin/report");
        RoadTypesKt.main(new String[] {"--data", roads.toString(), "--model", StandIn.MODEL, "--weights", standIn.toString(),
                "--size", "32", "--epochs", "8", "--batch", "8", "--lr", "1e-2", "--hidden", "32", "--out", out.toString(),
                "--report", report.toString(), "--normalize", "10", "--patience", "8"});   // all 8 epochs, as the Java test
        double accuracy = checkRun(out, report);
        assertTrue(TransferModel.load(out).layerNames().contains(Head.L2NORM), "--normalize puts the L2 normalisation in the head");
        String summary = Files.readString(report.resolve(FinetuneReport.SUMMARY));
        Matcher vs = Pattern.compile("\\+ new head +(\\d\\.\\d{4})\\s+small CNN from scratch +(\\d\\.\\d{4})").matcher(summary);
        assertTrue(vs.find(), "the comparison names both test accuracies: " + summary);
        assertEquals(accuracy, Double.parseDouble(vs.group(1)), 1e-4, "the transfer line is the saved model's test accuracy");
        // What the sample promises: the new head on the frozen trunk learns the textures. Measured with these settings
        // over --seed 1-20 and 42 (the default, 0.89): 0.78-1.0, 7-9 of the 9 test images (with early stopping, 6 epochs,
        // patience 3: 6-9; 2 epochs: 5-9), so at least 6 must be right (chance: 3). The scratch CNN is reported, not
        // compared: on the stand-in's random weights nothing is transferred, and it scored 0.67-1.0 on the same seeds.
        assertTrue(accuracy >= 0.66, "the new head learned the textures from frozen random features: " + accuracy);
    }

    @Test
    void badArgumentsAreOneClearError() {
        var e = assertThrows(CommandLine.ParameterException.class, () -> FinetuneOptions.parse("--model", "vgg16"));
        assertTrue(e.getMessage().contains("--data"), e.getMessage());
        assertThrows(CommandLine.ParameterException.class, () -> FinetuneOptions.parse("--data", "x", "--epochs", "many"));
        assertNull(FinetuneOptions.parse("--help"));
    }

    /** README's offline route: `transfer4j zoo import TAG FILE` once, then {@code --weights <variant>} like "imagenet". */
    @Test
    void weightTagResolvesThroughTheVerifiedCache() throws Exception {
        WeightTag tag = WeightTag.builder(StandIn.MODEL + ":standin").source(WeightSource.LOCAL).fileName("roads-mini-standin.zip")
                .hash(HashAlgorithm.SHA256, HashAlgorithm.SHA256.hash(standIn)).format(WeightFormat.TRANSFER4J)
                .includeTop(false).numClasses(0).preprocessing(Preprocessing.caffe(32, 32)).build();
        WeightRegistry.defaults().register(tag);
        ModelCache.fromEnvironment().importFile(tag, standIn);   // the tests' cache: transfer4j.home under target/
        Path out = dir.resolve("tag/roads.zip");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = FinetuneOptions.execute(new String[] {"--data", roads.toString(), "--model", StandIn.MODEL, "--weights", "standin",
                "--size", "32", "--epochs", "1", "--hidden", "0", "--out", out.toString(), "--report", dir.resolve("tag/report").toString()},
                RoadTypes::run, new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, exit, err.toString(StandardCharsets.UTF_8));
        assertEquals(TransferModel.load(standIn).graph().getLayer("block2_conv1").getParam("W"),
                TransferModel.load(out).graph().getLayer("block2_conv1").getParam("W"));
    }

    @Test
    void failuresAreOneLineNamingTheProblem() {
        assertFailure(2, "--data", "--model", "vgg16");
        assertFailure(2, "'many' is not an int", "--data", roads.toString(), "--epochs", "many");
        assertFailure(1, "no-such-folder", "--data", dir.resolve("no-such-folder").toString(), "--model", StandIn.MODEL,
                "--weights", standIn.toString(), "--size", "32");
        assertFailure(1, "--micro-batches must be between 1 and --batch (4), got 8", "--data", roads.toString(), "--model",
                StandIn.MODEL, "--weights", standIn.toString(), "--batch", "4", "--micro-batches", "8");
        assertFailure(1, "--normalize must be a positive scale", "--data", roads.toString(), "--model", StandIn.MODEL,
                "--weights", standIn.toString(), "--size", "32", "--normalize", "-1");
        assertFailure(1, "RGB zoo model", "--data", roads.toString(), "--model", "lenet5");
        assertFailure(1, "no zoo model named 'vgg61'", "--data", roads.toString(), "--model", "vgg61");
        assertFailure(1, "missing.h5", "--data", roads.toString(), "--model", StandIn.MODEL, "--size", "32",
                "--weights", dir.resolve("missing.h5").toString());
    }

    private static void assertFailure(int code, String mentioned, String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = FinetuneOptions.execute(args, RoadTypes::run, new PrintStream(err, true, StandardCharsets.UTF_8));
        String text = err.toString(StandardCharsets.UTF_8);
        assertEquals(code, exit, text);
        assertTrue(text.startsWith("error: ") && text.contains(mentioned), text);
        assertTrue(text.lines().count() <= 2, "one error line (plus a hint): " + text);
    }

    /**
     * What every road sample must leave behind: a loadable model with the three labels whose trunk is the
     * stand-in's, a report with the test accuracy and both charts. Returns the reported test accuracy.
     */
    static double checkRun(Path out, Path report) throws Exception {
        assertTrue(Files.size(out) > 0, "model file written");
        Classifier c = Classifier.load(out);
        assertEquals(SyntheticRoads.CLASSES, c.labels());
        List<Prediction> top = c.predict(roads.resolve("unpaved/unpaved_000.png"), 3);
        assertEquals(3, top.size());
        assertEquals(SyntheticRoads.CLASSES, top.stream().map(Prediction::label).sorted().toList());
        assertEquals(1.0, top.stream().mapToDouble(Prediction::probability).sum(), 1e-4);

        // The trunk came from the stand-in file and its first block stayed frozen.
        var trunk = TransferModel.load(standIn).graph().getLayer("block1_conv1").getParam("W");
        assertEquals(trunk, c.model().graph().getLayer("block1_conv1").getParam("W"));

        String summary = Files.readString(report.resolve(FinetuneReport.SUMMARY));
        Matcher m = Pattern.compile("accuracy (\\d\\.\\d+) on (\\d+) images").matcher(summary);
        assertTrue(m.find(), summary);
        assertTrue(Integer.parseInt(m.group(2)) >= 9, "test split of 3 classes x 20 images x 0.15");
        for (String png : List.of(FinetuneReport.CURVES, FinetuneReport.CONFUSION)) {
            BufferedImage img = ImageIO.read(report.resolve(png).toFile());
            assertNotNull(img, png);
            assertTrue(img.getWidth() > 100, png);
        }
        return Double.parseDouble(m.group(1));
    }
}
