package io.transfer4j.samples.roads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.transfer4j.dsl.Network;
import io.transfer4j.dsl.Updaters;
import io.transfer4j.transfer.Classifier;
import io.transfer4j.transfer.Head;
import io.transfer4j.transfer.Prediction;
import io.transfer4j.transfer.EvaluationReport;
import io.transfer4j.transfer.Learner;
import io.transfer4j.transfer.LearnerData;
import io.transfer4j.transfer.TransferModel;
import io.transfer4j.transfer.data.Augment;
import io.transfer4j.transfer.data.ImageFolder;
import io.transfer4j.transfer.data.ImageFolderData;
import io.transfer4j.transfer.train.EarlyStopping;
import io.transfer4j.zoo.ModelBuilder;
import io.transfer4j.zoo.Zoo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;

/**
 * README's Java snippets as written (the Kotlin one is KotlinDslTest's tiny-resnet). The recipe runs here with
 * a small stand-in zoo model and its weights file in place of VGG16 + ImageNet (no internet in tests); every
 * other line is README's.
 */
class ReadmeExamplesTest {
    @TempDir
    Path dir;

    @Test
    void theDslSnippet() {
        Network net = Network.builder("lab-cnn").updater(Updaters.adam(1e-3))
            .input(28, 28, 1)
            .conv(32, 3).act(Activation.RELU)
            .conv(64, 3).act(Activation.RELU)
            .maxPool(2).dropout(0.25)
            .flatten().dense(128).act(Activation.RELU).dropout(0.5)
            .output(10)                       // dense + softmax, cross-entropy
            .build();
        System.out.println(net.summary());   // shapes, params (and weights without biases), memory, receptive field
        ComputationGraph graph = net.graph();
        assertEquals(1_199_882, graph.numParams());
    }

    @Test
    void theTransferRecipe() throws Exception {
        Path roadsDir = SyntheticRoads.write(dir.resolve("roads"), 12, 48);
        Path weights = StandIn.write(dir.resolve("standin.zip"));
        Path street = roadsDir.resolve("unpaved").resolve(Files.list(roadsDir.resolve("unpaved")).findFirst().orElseThrow().getFileName());
        Path roadsZip = dir.resolve("roads.zip");

        ModelBuilder base = Zoo.model(StandIn.MODEL).includeTop(false).inputShape(32, 32, 3).weights(weights);  // README: Zoo.vgg16()...weights("imagenet")
        ImageFolderData data = ImageFolder.of(roadsDir).preprocessing(base.info())
                .split(0.7, 0.15, 0.15).seed(42).augment(Augment.none()).batchSize(16).load();
        TransferModel model = TransferModel.from(base).freezeAll()
                .newHead(Head.labels(data.classNames()).hidden(256).dropout(0.5));
        Learner learner = Learner.of(model, LearnerData.of(data))
                .settings(c -> c.earlyStopping(EarlyStopping.onValidationAccuracy(3)));
        learner.lrFind().plot(dir.resolve("lr.png"));          // README: Path.of("lr.png")
        learner.fineTune(5, 3);                             // head on the frozen trunk, then all of it with discriminative rates
        EvaluationReport test = learner.evaluate(LearnerData.Split.TEST);
        learner.save(roadsZip);                             // README: Path.of("roads.zip")
        List<Prediction> top = Classifier.load(roadsZip).predict(street, 3);

        assertEquals(3, top.size());
        assertEquals(data.split().test().size(), test.count());
        assertTrue(Files.size(dir.resolve("lr.png")) > 0);
        assertTrue(data.classNames().contains(top.get(0).label()));
    }
}
