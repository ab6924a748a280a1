package io.transfer4j.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.transfer4j.dsl.Network;
import io.transfer4j.transfer.TransferModel;
import io.transfer4j.zoo.Preprocessing;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/** predict / evaluate / export on a small saved model and a generated image folder. */
class PredictEvaluateTest {
    @TempDir
    Path dir;
    Path model;
    Path data;

    @BeforeEach
    void makeModelAndImages() throws Exception {
        model = tinyModel(dir);
        data = tinyImages(dir);
    }

    /** A 16x16 RGB two-class model (dark, light), untrained, saved as {@code dir/tiny.zip}. */
    static Path tinyModel(Path dir) {
        Network net = Network.builder("tiny").input(16, 16, 3).conv(4, 3).act(Activation.RELU).globalAvgPool().output(2).build();
        Path model = dir.resolve("tiny.zip");
        TransferModel.from(net).labels(java.util.List.of("dark", "light")).preprocessing(Preprocessing.unit(16, 16, 3)).save(model);
        return model;
    }

    /** {@code dir/data/{dark,light}/0..2.png}: flat gray 20x20 images. */
    static Path tinyImages(Path dir) throws java.io.IOException {
        Path data = dir.resolve("data");
        for (String c : new String[] {"dark", "light"}) {
            Files.createDirectories(data.resolve(c));
            for (int i = 0; i < 3; i++) {
                BufferedImage img = new BufferedImage(20, 20, BufferedImage.TYPE_INT_RGB);
                int v = c.equals("dark") ? 20 + i : 230 - i;
                for (int y = 0; y < 20; y++) {
                    for (int x = 0; x < 20; x++) {
                        img.setRGB(x, y, (v << 16) | (v << 8) | v);
                    }
                }
                ImageIO.write(img, "png", data.resolve(c).resolve(i + ".png").toFile());
            }
        }
        return data;
    }

    @Test
    void predictPrintsTopKWithSixSignificantDigitsAndJson() {
        CliTest.Result r = CliTest.run("predict", "--model", model.toString(), "--top", "2", data.resolve("dark/0.png").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("dark") && r.out().contains("light"), r.out());
        assertTrue(r.out().matches("(?s).*0\\.\\d{6}.*|(?s).*\\d\\.\\d{5}.*"), r.out());
        CliTest.Result j = CliTest.run("predict", "--model", model.toString(), "--json", data.resolve("light/1.png").toString());
        assertEquals(0, j.code(), j.err());
        assertTrue(j.out().contains("\"label\":\"light\"") && j.out().contains("\"probability\":"), j.out());
    }

    /** A model whose output is a LossLayer (softmax, then {@code loss(...)}: no weights) prints its classes like any other. */
    @Test
    void predictPrintsTheClassesOfAModelEndingInALossLayer() {
        Network net = Network.builder("tiny-loss").input(16, 16, 3).conv(4, 3).act(Activation.RELU).globalAvgPool().dense(2).softmax()
                .loss(LossFunction.MCXENT).build();
        Path lossModel = dir.resolve("tiny-loss.zip");
        TransferModel.from(net).preprocessing(Preprocessing.unit(16, 16, 3)).save(lossModel);   // no labels: "0", "1"
        CliTest.Result r = CliTest.run("predict", "--model", lossModel.toString(), "--top", "5", data.resolve("dark/0.png").toString());
        assertEquals(0, r.code(), r.err());
        List<String> rows = r.out().lines().skip(1).map(String::trim).toList();
        assertEquals(2, rows.size(), r.out());
        assertTrue(rows.stream().allMatch(l -> l.matches("[01] +[01] +0\\.\\d+")), r.out());
        CliTest.Result j = CliTest.run("predict", "--model", lossModel.toString(), "--json", data.resolve("light/1.png").toString());
        assertEquals(0, j.code(), j.err());
        assertTrue(j.out().contains("\"label\":\"0\"") && j.out().contains("\"label\":\"1\""), j.out());
        // The LossLayer is exported as an Identity (it was "unsupported layer" on ONNX Runtime): both engines agree.
        String image = data.resolve("light/2.png").toString();
        CliTest.Result dl4j = CliTest.run("predict", "--model", lossModel.toString(), "--engine", "dl4j", image);
        CliTest.Result onnx = CliTest.run("predict", "--model", lossModel.toString(), "--engine", "onnx", image);
        assertEquals(0, onnx.code(), onnx.err());
        assertEquals(dl4j.out().lines().skip(1).map(l -> l.substring(0, l.length() - 3)).toList(),
                onnx.out().lines().skip(1).map(l -> l.substring(0, l.length() - 3)).toList(), "same classes, probabilities to 1e-4");
    }

    @Test
    void noFoldBnMakesPredictAndEvaluateRunTheModelsOwnGraph() {
        for (boolean off : new boolean[] {false, true}) {
            String[] flag = off ? new String[] {"--no-fold-bn"} : new String[0];
            PredictCommand p = new PredictCommand();
            new picocli.CommandLine(p).parseArgs(concat(new String[] {"--model", model.toString(), "x.png"}, flag));
            try (var c = p.classifier(ModelRef.load(model.toString(), null), io.transfer4j.transfer.onnx.Engine.Kind.DL4J)) {
                assertEquals(!off, c.foldsBatchNorm(), "predict " + String.join(" ", flag));
            }
            EvaluateCommand e = new EvaluateCommand();
            new picocli.CommandLine(e).parseArgs(concat(new String[] {"--model", model.toString(), "--data", data.toString()}, flag));
            assertEquals(!off, e.evaluator(TransferModel.load(model)).foldsBatchNorm(), "evaluate " + String.join(" ", flag));
            CliTest.Result r = CliTest.run(concat(new String[] {"evaluate", "--model", model.toString(), "--data", data.toString()}, flag));
            assertEquals(0, r.code(), r.err());
        }
    }

    private static String[] concat(String[] a, String[] b) {
        return java.util.stream.Stream.concat(java.util.Arrays.stream(a), java.util.Arrays.stream(b)).toArray(String[]::new);
    }

    @Test
    void predictOnOnnxRuntimeAgreesWithDl4j() {
        String image = data.resolve("light/2.png").toString();
        CliTest.Result dl4j = CliTest.run("predict", "--model", model.toString(), "--engine", "dl4j", image);
        CliTest.Result onnx = CliTest.run("predict", "--model", model.toString(), "--engine", "onnx", image);
        assertEquals(0, onnx.code(), onnx.err());
        assertEquals(dl4j.out().lines().skip(1).map(l -> l.substring(0, l.length() - 3)).toList(),
                onnx.out().lines().skip(1).map(l -> l.substring(0, l.length() - 3)).toList(), "same classes, probabilities to 1e-4");
        assertEquals(1, CliTest.run("predict", "--model", model.toString(), "--engine", "tpu", image).code());
    }

    @Test
    void ttaViewsChangeThePredictionOnEitherEngineAndABadCountIsNamed() throws Exception {
        BufferedImage img = new BufferedImage(20, 20, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 20; y++) {
            for (int x = 0; x < 20; x++) {
                int v = x < 4 && y < 4 ? 255 : 10 * x;       // a ramp and a bright corner: the views differ
                img.setRGB(x, y, (v << 16) | ((255 - v) << 8) | (y * 12));
            }
        }
        String image = dir.resolve("ramp.png").toString();
        ImageIO.write(img, "png", new java.io.File(image));
        CliTest.Result plain = CliTest.run("predict", "--model", model.toString(), "--engine", "dl4j", image);
        CliTest.Result dl4j = CliTest.run("predict", "--model", model.toString(), "--engine", "dl4j", "--tta", "10", image);
        CliTest.Result onnx = CliTest.run("predict", "--model", model.toString(), "--engine", "onnx", "--tta", "10", image);
        assertEquals(0, onnx.code(), onnx.err());
        assertEquals(dl4j.out().lines().skip(1).map(l -> l.substring(0, l.length() - 3)).toList(),
                onnx.out().lines().skip(1).map(l -> l.substring(0, l.length() - 3)).toList(), "same TTA average on both engines");
        assertTrue(!plain.out().equals(dl4j.out()), "ten views average to other probabilities than one:\n" + plain.out() + dl4j.out());
        CliTest.Result bad = CliTest.run("evaluate", "--model", model.toString(), "--data", data.toString(), "--tta", "3");
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("got 3"), bad.err());
        assertEquals(0, CliTest.run("evaluate", "--model", model.toString(), "--data", data.toString(), "--tta", "5").code());
    }

    @Test
    void predictErrors() {
        assertEquals(1, CliTest.run("predict", "--model", model.toString(), dir.resolve("missing.png").toString()).code());
        CliTest.Result r = CliTest.run("predict", "--model", dir.resolve("nope.zip").toString(), data.resolve("dark/0.png").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("nope.zip"), r.err());
        assertEquals(2, CliTest.run("predict", "--model", model.toString()).code(), "no image: usage error");
    }

    @Test
    void evaluateGivesMetricsAndConfusion() {
        CliTest.Result r = CliTest.run("evaluate", "--model", model.toString(), "--data", data.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("\"count\":6") && r.out().contains("\"confusion\":[["), r.out());
        CliTest.Result text = CliTest.run("evaluate", "--model", model.toString(), "--data", data.toString());
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().toLowerCase().contains("accuracy"), text.out());
    }

    @Test
    void exportWritesOnnx() throws Exception {
        Path onnx = dir.resolve("tiny.onnx");
        CliTest.Result r = CliTest.run("export", "--model", model.toString(), "--out", onnx.toString());
        assertEquals(0, r.code(), r.err());
        // the file is a working copy of the model: ONNX Runtime on it gives DL4J's outputs
        TransferModel saved = TransferModel.load(model);
        String output = saved.graph().getConfiguration().getNetworkOutputs().get(0);
        org.nd4j.linalg.api.ndarray.INDArray x = org.nd4j.linalg.factory.Nd4j.rand(
                org.nd4j.linalg.api.buffer.DataType.FLOAT, 3, 3, 16, 16);
        try (io.transfer4j.transfer.onnx.Engine ort = io.transfer4j.transfer.onnx.Engine.onnxRuntime(onnx, output)) {
            org.nd4j.linalg.api.ndarray.INDArray expected = saved.graph().outputSingle(x);
            org.nd4j.linalg.api.ndarray.INDArray actual = ort.output(x);
            assertTrue(java.util.Arrays.equals(expected.shape(), actual.shape()), java.util.Arrays.toString(actual.shape()));
            assertTrue(expected.equalsWithEps(actual, 1e-5), "ONNX Runtime " + actual + " vs DL4J " + expected);
        }
    }
}
