package example;

import io.transfer4j.dsl.Network;
import io.transfer4j.dsl.Updaters;
import io.transfer4j.transfer.Classifier;
import io.transfer4j.transfer.Head;
import io.transfer4j.transfer.Prediction;
import io.transfer4j.transfer.TransferModel;
import io.transfer4j.transfer.data.Augment;
import io.transfer4j.transfer.data.ImageFolder;
import io.transfer4j.transfer.data.ImageFolderData;
import io.transfer4j.transfer.train.EarlyStopping;
import io.transfer4j.transfer.train.Trainer;
import io.transfer4j.transfer.train.TrainingConfig;
import io.transfer4j.zoo.ModelBuilder;
import io.transfer4j.zoo.Zoo;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.factory.Nd4j;

/**
 * README's Java DSL example and transfer recipe, run by a project that only depends on transfer4j. Two changes
 * for a machine without internet: tiny generated images instead of a road folder, and a randomly initialised
 * VGG16 trunk at 32x32 instead of {@code .weights("imagenet")}. Exits non-zero on any failure.
 */
public final class Main {
    public static void main(String[] args) throws Exception {
        // Issue 28: touch ND4J before any transfer4j class, as many programs do; must not die with SIGILL.
        System.out.println("nd4j first: " + Nd4j.rand(3, 16).shapeInfoToString());

        // README "The DSL"
        Network net = Network.builder("lab-cnn").updater(Updaters.adam(1e-3))
            .input(28, 28, 1)
            .conv(32, 3).act(Activation.RELU)
            .conv(64, 3).act(Activation.RELU)
            .maxPool(2).dropout(0.25)
            .flatten().dense(128).act(Activation.RELU).dropout(0.5)
            .output(10)                       // dense + softmax, cross-entropy
            .build();
        System.out.println(net.summary());
        ComputationGraph graph = net.graph();
        check(graph.numParams() == 1_199_882, "lab-cnn parameters: " + graph.numParams());

        // README "The transfer recipe"
        Path dir = Files.createTempDirectory("consumer-java");
        Path roads = writeFolder(dir.resolve("roads"));
        ModelBuilder base = Zoo.vgg16().includeTop(false).inputShape(32, 32, 3);   // README: .weights("imagenet")
        ImageFolderData data = ImageFolder.of(roads).preprocessing(base.info())
                .split(0.7, 0.15, 0.15).seed(42).augment(Augment.none()).batchSize(16).load();
        TransferModel model = TransferModel.from(base).freezeAll()
                .newHead(Head.labels(data.classNames()).hidden(256).dropout(0.5));
        new Trainer(model.graph(), TrainingConfig.builder(10).optimizer(Updaters.adam(1e-3))
                .earlyStopping(EarlyStopping.onValidationAccuracy(3)).build())
                .fit(data.train(), data.validation());
        model.save(dir.resolve("roads.zip"));
        Path street = Files.list(roads.resolve("unpaved")).findFirst().orElseThrow();
        List<Prediction> top = Classifier.load(dir.resolve("roads.zip")).predict(street, 3);
        check(top.size() == 3 && data.classNames().contains(top.get(0).label()), "predictions: " + top);
        System.out.println("consumer-java ok: " + top);
    }

    /** Three classes of 12 noisy 32x32 images each, told apart by colour. */
    static Path writeFolder(Path root) throws Exception {
        String[] classes = {"cobblestone", "interlocking", "unpaved"};
        Color[] colours = {Color.GRAY, Color.RED, new Color(150, 110, 60)};
        Random random = new Random(7);
        for (int c = 0; c < classes.length; c++) {
            Files.createDirectories(root.resolve(classes[c]));
            for (int i = 0; i < 12; i++) {
                BufferedImage img = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < 32; y++) {
                    for (int x = 0; x < 32; x++) {
                        int n = random.nextInt(60) - 30;
                        img.setRGB(x, y, new Color(clamp(colours[c].getRed() + n), clamp(colours[c].getGreen() + n),
                                clamp(colours[c].getBlue() + n)).getRGB());
                    }
                }
                ImageIO.write(img, "png", root.resolve(classes[c]).resolve(i + ".png").toFile());
            }
        }
        return root;
    }

    static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("consumer check failed: " + what);
        }
    }
}
