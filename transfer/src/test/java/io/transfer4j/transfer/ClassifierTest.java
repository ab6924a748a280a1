package io.transfer4j.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.transfer4j.dsl.Network;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

class ClassifierTest {
    static final List<String> COLOURS = List.of("red", "green", "blue");
    static TransferModel model;

    @TempDir
    static Path dir;

    /** Raw 0..255 RGB images: mostly one primary colour, with noise. */
    static DataSet colourImages(int n, long seed) {
        Random r = new Random(seed);
        INDArray x = Nd4j.zeros(n, 3, 8, 8);
        INDArray y = Nd4j.zeros(n, 3);
        for (int i = 0; i < n; i++) {
            int c = i % 3;
            for (int ch = 0; ch < 3; ch++) {
                for (int p = 0; p < 64; p++) {
                    x.putScalar(new long[] {i, ch, p / 8, p % 8}, (ch == c ? 180 : 30) + r.nextInt(60));
                }
            }
            y.putScalar(i, c, 1);
        }
        return new DataSet(x, y);
    }

    /**
     * A colour classifier with hand-set weights (no training, so the test is quick and exact): a 1x1
     * identity convolution, global average pooling, and a head computing softmax(10 * mean RGB).
     */
    @BeforeAll
    static void colourModel() {
        Network net = Network.builder("colours").seed(5).input(8, 8, 3).conv(3, 1).name("rgb").globalAvgPool().output(3).build();
        model = TransferModel.from(net).optimizer(new Adam(0.1)).newHead(Head.labels(COLOURS));
        var g = model.graph();
        var type = g.params().dataType();
        g.getLayer("rgb").setParam("W", Nd4j.eye(3).reshape(3, 3, 1, 1).castTo(type));
        g.getLayer("rgb").setParam("b", Nd4j.zeros(type, 1, 3));
        g.getLayer(Head.OUTPUT).setParam("W", Nd4j.eye(3).muli(10).castTo(type));
        g.getLayer(Head.OUTPUT).setParam("b", Nd4j.zeros(type, 1, 3));
    }

    static INDArray one(INDArray batch, int i) {
        return batch.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(i, i + 1)).dup();
    }

    static Path png(String name, int w, int h, int type, Color colour) throws IOException {
        BufferedImage img = new BufferedImage(w, h, type);
        var g = img.createGraphics();
        g.setColor(colour);
        g.fillRect(0, 0, w, h);
        g.dispose();
        Path p = dir.resolve(name);
        ImageIO.write(img, "png", p.toFile());
        return p;
    }

    @Test
    void topKOnGeneratedImageFilesOfOtherSizesAndFromTheSavedFile() throws IOException {
        Path red = png("red.png", 20, 16, BufferedImage.TYPE_INT_RGB, new Color(220, 40, 40));
        Path blue = png("blue.png", 5, 9, BufferedImage.TYPE_INT_ARGB, new Color(30, 50, 230, 255));
        Path green = png("green.png", 8, 8, BufferedImage.TYPE_3BYTE_BGR, new Color(40, 210, 60));
        Path file = dir.resolve("colours.zip");
        model.save(file);
        Classifier c = Classifier.load(file);
        List<Prediction> top = c.predict(red, 3);
        assertEquals(3, top.size());
        assertEquals(new Prediction(0, "red", top.get(0).probability()), top.get(0));
        assertTrue(top.get(0).probability() > top.get(1).probability() && top.get(1).probability() >= top.get(2).probability());
        assertEquals(1.0, top.stream().mapToDouble(Prediction::probability).sum(), 1e-5);
        assertEquals("blue", c.predict(blue, 1).get(0).label());
        List<List<Prediction>> batch = c.predictFiles(List.of(red, green, blue), 2);
        assertEquals(List.of("red", "green", "blue"), batch.stream().map(l -> l.get(0).label()).toList());
        assertEquals(top.get(0).probability(), batch.get(0).get(0).probability(), 1e-6);
        assertEquals(3, c.predict(red, 10).size(), "k above the class count gives every class");
        assertThrows(IllegalArgumentException.class, () -> c.predict(red, 0));
        Path gray = png("gray.png", 8, 8, BufferedImage.TYPE_BYTE_GRAY, Color.GRAY);
        assertEquals(3, c.predict(gray, 3).size(), "a gray file is expanded to RGB");
        Path notAnImage = dir.resolve("notes.png");
        java.nio.file.Files.writeString(notAnImage, "not a png");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.predict(notAnImage, 1));
        assertTrue(e.getMessage().contains("notes.png"), e.getMessage());
    }

    @Test
    void bufferedImagesAndArraysKeepRgbOrderAndConvertChannels() {
        Classifier c = Classifier.of(model);
        BufferedImage img = new BufferedImage(12, 12, BufferedImage.TYPE_INT_RGB);
        var g = img.createGraphics();
        g.setColor(new Color(30, 40, 230));
        g.fillRect(0, 0, 12, 12);
        g.dispose();
        assertEquals("blue", c.predict(img, 1).get(0).label(), "channel order must be RGB");
        INDArray greenImage = one(colourImages(3, 9).getFeatures(), 1);
        assertEquals("green", c.predict(greenImage, 1).get(0).label());
        INDArray rgba = Nd4j.concat(1, greenImage, Nd4j.valueArrayOf(new long[] {1, 1, 8, 8}, 255.0f));
        assertEquals("green", c.predict(rgba, 1).get(0).label(), "alpha is dropped");
        INDArray two = Nd4j.zeros(1, 2, 8, 8);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.predict(two, 1));
        assertTrue(e.getMessage().contains("2 channels") && e.getMessage().contains("takes 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> c.predict(Nd4j.zeros(3, 9, 9), 1));
        assertTrue(e.getMessage().contains("9x9") && e.getMessage().contains("8x8"), e.getMessage());
        INDArray batch = colourImages(6, 10).getFeatures();
        assertEquals(List.of("red", "green", "blue", "red", "green", "blue"),
                c.predictBatch(batch, 1).stream().map(l -> l.get(0).label()).toList());
        c.tta(true);
        assertEquals("red", c.predict(one(batch, 0), 1).get(0).label());
    }

    /**
     * A head without weights (softmax, then {@code loss(...)}, a DL4J LossLayer) has its classes like any other: DL4J
     * reports a LossLayer's output as a vector of its unset size 0, which left such a model with no labels and
     * nothing to predict. Same colour model as above with softmax(mean RGB): the identity 1x1 conv, hand-set.
     */
    @Test
    void aModelEndingInALossLayerHasItsClassesAndPredictsThem() {
        Network net = Network.builder("colours-loss").input(8, 8, 3).conv(3, 1).name("rgb").globalAvgPool().softmax()
                .loss(LossFunction.MCXENT).build();
        TransferModel m = TransferModel.from(net);
        assertEquals(3, m.classCount());
        assertEquals(3, m.outputSize());
        assertEquals(List.of("0", "1", "2"), m.labels());
        m.labels(COLOURS);
        var type = m.graph().params().dataType();
        m.graph().getLayer("rgb").setParam("W", Nd4j.eye(3).reshape(3, 3, 1, 1).castTo(type));
        m.graph().getLayer("rgb").setParam("b", Nd4j.zeros(type, 1, 3));
        Path file = dir.resolve("colours-loss.zip");
        m.save(file);
        Classifier c = Classifier.load(file);
        assertEquals(COLOURS, c.labels());
        List<List<Prediction>> top = c.predictBatch(colourImages(3, 11).getFeatures(), 3);
        assertEquals(List.of("red", "green", "blue"), top.stream().map(l -> l.get(0).label()).toList());
        assertEquals(3, top.get(0).size());
        assertEquals(1.0, top.get(0).stream().mapToDouble(Prediction::probability).sum(), 1e-5);
    }
}
