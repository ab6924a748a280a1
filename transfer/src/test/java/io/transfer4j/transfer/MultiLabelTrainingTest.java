package io.transfer4j.transfer;

import io.transfer4j.dsl.Network;
import io.transfer4j.dsl.Updaters;
import io.transfer4j.transfer.LearnerData.Split;
import io.transfer4j.transfer.data.ImageFolder;
import io.transfer4j.transfer.data.ImageFolderData;
import io.transfer4j.transfer.onnx.Engine;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A multi-label head end to end: its loss, training on a CSV of images with two independent labels, thresholds, files. */
class MultiLabelTrainingTest {
    @TempDir
    Path dir;

    /** 12x12 RGB trunk (random, frozen): conv -> relu -> global average pool. */
    private static TransferModel trunk() {
        Network net = Network.builder("tiny").seed(11).updater(Updaters.adam(1e-2)).input(12, 12, 3)
                .conv(8, 3).name("conv1").relu().globalAvgPool().name("gap")
                .dense(4).act(Activation.RELU).name("dense1").output(2).name("out").build();
        return TransferModel.from(net).freezeAll();
    }

    /**
     * {@code n} noisy 12x12 images: "red" when the red channel is high, "blue" when the blue one is, independently, so
     * a quarter of the images have both labels and a quarter none; written with a CSV of their labels.
     */
    private Path images(int n) throws Exception {
        Random r = new Random(3);
        StringBuilder csv = new StringBuilder("path,labels\n");
        Files.createDirectories(dir.resolve("img"));
        for (int i = 0; i < n; i++) {
            boolean red = i % 2 == 0;
            boolean blue = (i / 2) % 2 == 0;
            BufferedImage img = new BufferedImage(12, 12, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 12; y++) {
                for (int x = 0; x < 12; x++) {
                    int v = r.nextInt(60);
                    img.setRGB(x, y, (red ? 180 + v : v) << 16 | (60 + v) << 8 | (blue ? 180 + v : v));
                }
            }
            ImageIO.write(img, "png", dir.resolve("img/" + i + ".png").toFile());
            csv.append("img/").append(i).append(".png,").append(String.join(";", labels(red, blue))).append('\n');
        }
        return Files.writeString(dir.resolve("labels.csv"), csv);
    }

    private static List<String> labels(boolean red, boolean blue) {
        List<String> l = new ArrayList<>();
        if (red) {
            l.add("red");
        }
        if (blue) {
            l.add("blue");
        }
        return l;
    }

    @Test
    void theHeadIsSigmoidBinaryCrossEntropyAndItsLossIsTheFormula() {
        TransferModel m = trunk().newHead(Head.labels("a", "b", "c").multiLabel().seed(1));
        assertTrue(m.isMultiLabel());
        var conf = (BaseOutputLayer) m.graph().getLayer(Head.OUTPUT).conf().getLayer();
        assertTrue(conf.getActivationFn() instanceof ActivationSigmoid && conf.getLossFn() instanceof LossBinaryXENT, conf.toString());

        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 12, 12);
        INDArray y = Nd4j.createFromArray(new float[][] {{1, 0, 1}, {0, 0, 1}});
        INDArray p = m.output(x).castTo(DataType.DOUBLE);
        double expected = 0;
        for (int i = 0; i < 2; i++) {
            for (int c = 0; c < 3; c++) {
                double pi = p.getDouble(i, c);
                expected -= y.getDouble(i, c) * Math.log(pi) + (1 - y.getDouble(i, c)) * Math.log(1 - pi);
            }
        }
        assertEquals(expected / 2, m.graph().score(new DataSet(x, y), false), 1e-5,
                "binary cross-entropy summed over labels, averaged over the 2 images");
        assertThrows(IllegalStateException.class, () -> trunk().newHead(Head.classes(2)).thresholds(0.5, 0.5),
                "a softmax head has no thresholds");
    }

    @Test
    void learnsTwoIndependentLabelsFromACsvAndPredictsBothWhenBothHold() throws Exception {
        Path csv = images(96);
        ImageFolderData data = ImageFolder.of(csv).inputSize(12, 12, 3).split(0.5, 0.25, 0.25).seed(7).batchSize(8).prefetch(0).load();
        assertEquals(List.of("blue", "red"), data.classNames());
        TransferModel model = trunk().newHead(Head.labels(data.classNames()).multiLabel().cutAt("gap").seed(2));
        Learner learner = Learner.of(model, LearnerData.of(data)).lr(3e-2)
                .settings(c -> c.batchSize(8).seed(3).progressBar(false).engine(Engine.Kind.DL4J));
        learner.fit(40);
        double[] tuned = learner.tuneThresholds();
        assertArrayEquals(tuned, model.thresholds(), 0);

        MultiLabelReport test = learner.evaluateMultiLabel(Split.TEST);
        assertEquals(24, test.count());
        assertTrue(test.meanAveragePrecision() > 0.95, "mAP on held-out images:\n" + test);
        assertTrue(test.microF1() > 0.9, test.toString());

        IllegalArgumentException single = assertThrows(IllegalArgumentException.class, () -> learner.evaluate(Split.TEST));
        assertTrue(single.getMessage().contains("evaluateMultiLabel"), single.getMessage());

        Path file = dir.resolve("colours.zip");
        learner.save(file);
        try (Classifier c = Classifier.load(file)) {
            assertTrue(c.model().isMultiLabel());
            assertArrayEquals(tuned, c.model().thresholds(), 1e-12, "thresholds travel with the model file");
            MultiLabelReport again = Evaluator.of(c.model()).engine(Engine.Kind.DL4J).evaluateMultiLabel(data.test());
            assertEquals(test.meanAveragePrecision(), again.meanAveragePrecision(), 1e-6);
            List<String> both = c.predictLabels(dir.resolve("img/0.png")).stream().map(Prediction::label).sorted().toList();
            List<String> none = c.predictLabels(dir.resolve("img/3.png")).stream().map(Prediction::label).toList();
            List<String> redOnly = c.predictLabels(dir.resolve("img/2.png")).stream().map(Prediction::label).toList();
            assertEquals(List.of("blue", "red"), both, "image 0 is red and blue");
            assertEquals(List.of(), none, "image 3 is neither");
            assertEquals(List.of("red"), redOnly);
            // ONNX Runtime gives the same decisions
            c.engine(Engine.Kind.ONNX_RUNTIME);
            assertEquals(both, c.predictLabels(dir.resolve("img/0.png")).stream().map(Prediction::label).sorted().toList());
        }
    }

    @Test
    void theBalancedSamplerAndSoftmaxOnlyCallsRefuseAMultiLabelModel() throws Exception {
        Path csv = images(16);
        ImageFolderData data = ImageFolder.of(csv).inputSize(12, 12, 3).split(0.5, 0.25, 0.25).batchSize(8).prefetch(0).load();
        TransferModel model = trunk().newHead(Head.labels(data.classNames()).multiLabel());
        Learner learner = Learner.of(model, LearnerData.of(data))
                .settings(c -> c.batchSize(8).progressBar(false).engine(Engine.Kind.DL4J).balancedSampling(true));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> learner.fit(1));
        assertTrue(e.getMessage().contains("multi-label"), e.getMessage());
        TransferModel softmax = trunk().newHead(Head.labels(data.classNames()));
        IllegalArgumentException wrongEval = assertThrows(IllegalArgumentException.class,
                () -> Evaluator.of(softmax).evaluateMultiLabel(data.test()));
        assertTrue(wrongEval.getMessage().contains("softmax"), wrongEval.getMessage());
        assertThrows(IllegalStateException.class, () -> Classifier.of(softmax).predictLabels(dir.resolve("img/0.png")));
        IllegalArgumentException badThreshold = assertThrows(IllegalArgumentException.class, () -> model.thresholds(0.5, 1.5));
        assertTrue(badThreshold.getMessage().contains("[blue, red]"), badThreshold.getMessage());
    }
}
