package io.transfer4j.transfer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.transfer4j.dsl.Updaters;
import io.transfer4j.transfer.Head;
import io.transfer4j.transfer.TransferModel;
import io.transfer4j.transfer.data.FashionMnist;
import io.transfer4j.transfer.data.LabeledImages;
import io.transfer4j.transfer.onnx.Engine;
import io.transfer4j.transfer.pretrained.FashionCnn;
import io.transfer4j.zoo.Pooling;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The frozen trunk's features computed by ONNX Runtime instead of DL4J, on few-shot Fashion-MNIST (classes
 * 5-9, 20 images each) with the FashionCnn trunk frozen up to its 576-wide flatten and a new head.
 */
class EngineFeatureCachingTest {
    private static DataSet train;
    private static DataSet test;
    private static int[] testLabels;

    @TempDir
    Path cacheDir;

    @BeforeAll
    static void data() {
        FashionMnist fm = FashionMnist.locate();
        train = fm.train().filterClasses(5, 6, 7, 8, 9).sample(20, 7).scaled(1 / 255.0).toDataSet();
        LabeledImages t = fm.test().filterClasses(5, 6, 7, 8, 9).head(300).scaled(1 / 255.0);
        test = t.toDataSet();
        testLabels = t.labels();
    }

    /** FashionCnn (seeded weights) frozen up to 'flatten', a new 5-class head. */
    private static ComputationGraph model() {
        return TransferModel.from(FashionCnn.network(5, 42))
                .newHead(Head.classes(5).cutAt(FashionCnn.FEATURE_LAYER).pooling(Pooling.NONE).seed(3))
                .freezeUpTo(FashionCnn.FEATURE_LAYER).graph();
    }

    @Test
    void onnxRuntimeTrunkFeaturesEqualDl4jsAndTheExportIsReused() throws IOException {
        ComputationGraph g = model();
        INDArray x = train.getFeatures();
        INDArray dl4j;
        INDArray ort;
        try (TrunkFeatures d = new TrunkFeatures(g, FashionCnn.FEATURE_LAYER, Engine.Kind.DL4J, cacheDir);
             TrunkFeatures o = new TrunkFeatures(g, FashionCnn.FEATURE_LAYER, Engine.Kind.ONNX_RUNTIME, cacheDir)) {
            dl4j = d.of(x);
            ort = o.of(x);
            assertEquals(Engine.Kind.ONNX_RUNTIME, o.engineKind());
        }
        assertEquals(List.of(100L, (long) FashionCnn.FEATURE_WIDTH), List.of(ort.size(0), ort.size(1)));
        double rel = dl4j.sub(ort).amaxNumber().doubleValue() / dl4j.amaxNumber().doubleValue();
        assertTrue(rel <= 1e-4, "ORT trunk features differ from DL4J's by " + rel + " (relative to the largest feature)");

        // the trunk was exported once; a new engine over unchanged weights reuses the file
        List<Path> files = onnxFiles();
        assertEquals(1, files.size(), "one exported trunk expected: " + files);
        var mtime = Files.getLastModifiedTime(files.get(0));
        try (TrunkFeatures again = new TrunkFeatures(g, FashionCnn.FEATURE_LAYER, Engine.Kind.ONNX_RUNTIME, cacheDir)) {
            assertEquals(0.0, again.of(x).sub(ort).amaxNumber().doubleValue(), 0.0);
        }
        assertEquals(files, onnxFiles());
        assertEquals(mtime, Files.getLastModifiedTime(files.get(0)));
    }

    @Test
    void headTrainedOnOnnxRuntimeFeaturesMatchesTheDl4jPath() throws IOException {
        TrainingResult dl4j = fit(Engine.Kind.DL4J);
        TrainingResult ort = fit(Engine.Kind.ONNX_RUNTIME);
        assertTrue(dl4j.cachedFeatures() && ort.cachedFeatures());
        int[] a = predictions(dl4j.graph());
        int[] b = predictions(ort.graph());
        double accDl4j = accuracy(a);
        double accOrt = accuracy(b);
        assertTrue(accDl4j > 0.5, "few-shot head should beat chance (0.2) clearly, got " + accDl4j);
        // Features differ in the last float bits only, so at most a borderline image may flip.
        assertEquals(accDl4j, accOrt, 1.0 / testLabels.length + 1e-9, "test accuracy DL4J " + accDl4j + " vs ORT " + accOrt);
        assertEquals(dl4j.history().get(9).trainLoss(), ort.history().get(9).trainLoss(), 1e-4);
        System.out.printf("few-shot Fashion-MNIST 5-9, head on cached features: test accuracy DL4J %.3f, ORT %.3f%n",
                accDl4j, accOrt);
    }

    private TrainingResult fit(Engine.Kind kind) {
        TrainingConfig c = TrainingConfig.builder(10).batchSize(20).seed(5).optimizer(Updaters.adam(3e-3))
                .featureCaching(FeatureCaching.REQUIRED).engine(kind).engineCacheDir(cacheDir).progressBar(false).build();
        return new Trainer(model(), c).fit(train, null);
    }

    private List<Path> onnxFiles() throws IOException {
        try (Stream<Path> s = Files.list(cacheDir)) {
            return s.filter(p -> p.toString().endsWith(".onnx")).sorted().toList();
        }
    }

    private static int[] predictions(ComputationGraph g) {
        INDArray p = g.outputSingle(false, test.getFeatures());
        return p.argMax(1).toIntVector();
    }

    private static double accuracy(int[] predicted) {
        int right = 0;
        for (int i = 0; i < predicted.length; i++) {
            right += predicted[i] == testLabels[i] ? 1 : 0;
        }
        return right / (double) predicted.length;
    }
}
