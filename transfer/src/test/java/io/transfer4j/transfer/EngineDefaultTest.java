package io.transfer4j.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.transfer4j.dsl.Updaters;
import io.transfer4j.transfer.onnx.Engine;
import io.transfer4j.transfer.train.FeatureCaching;
import io.transfer4j.transfer.train.Trainer;
import io.transfer4j.transfer.train.TrainingConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The fastest engine by default: Classifier and Evaluator run ONNX Runtime unless told DL4J, with the same
 * outputs within 1e-5; after a fine-tune with cached features, evaluation reuses the trunk export the Trainer
 * made (one .onnx file in the cache, no second export of the trunk or of the whole model).
 */
class EngineDefaultTest {
    private static final List<String> LABELS = List.of("a", "b", "c", "d");

    @TempDir
    Path dir;

    /** Nets.small frozen up to its pooling, a new head trained by the Trainer on cached features (trunk on ORT). */
    private TransferModel fineTuned(Path cache) {
        TransferModel m = TransferModel.from(Nets.small(4)).freezeUpTo("gap").newHead(Head.labels(LABELS).seed(3));
        DataSet d = Nets.randomData(2, 24, LABELS.size());
        TrainingConfig c = TrainingConfig.builder(2).batchSize(8).optimizer(Updaters.adam(1e-2)).seed(1).progressBar(false)
                .featureCaching(FeatureCaching.REQUIRED).engine(Engine.Kind.AUTO).engineCacheDir(cache).build();
        new Trainer(m.graph(), c).fit(d, null);
        return m;
    }

    private static INDArray images() {
        Nd4j.getRandom().setSeed(11);
        return Nd4j.rand(DataType.FLOAT, 10, 3, 8, 8).muli(255);
    }

    @Test
    void classifierDefaultsToOnnxRuntimeWithinOneInAHundredThousandOfDl4j() throws IOException {
        Path file = dir.resolve("m.zip");
        fineTuned(dir.resolve("train-cache")).save(file);
        try (Classifier fast = Classifier.load(file); Classifier dl4j = Classifier.load(file).engine(Engine.Kind.DL4J)) {
            INDArray expected = dl4j.probabilities(images());
            INDArray actual = fast.probabilities(images());
            assertEquals(Engine.Kind.ONNX_RUNTIME, fast.engineKind(), "the default is the fastest engine");
            assertEquals(Engine.Kind.DL4J, dl4j.engineKind());
            double diff = expected.sub(actual).amaxNumber().doubleValue();
            assertTrue(diff <= 1e-5, "largest difference " + diff);
        }
    }

    @Test
    void evaluationAfterAFineTuneReusesTheTrainersTrunkExportAndMatchesDl4j() throws IOException {
        Path cache = dir.resolve("cache");
        TransferModel m = fineTuned(cache);
        assertEquals(1, onnx(cache).size(), "the Trainer exported the trunk once: " + onnx(cache));
        DataSet test = Nets.randomData(9, 12, LABELS.size());
        EvaluationReport fast = Evaluator.of(m).engine(Engine.Kind.AUTO, cache).evaluate(new ListDataSetIterator<>(test.asList(), 5));
        assertEquals(1, onnx(cache).size(), "evaluation ran the same trunk file, exported nothing: " + onnx(cache));
        EvaluationReport dl4j = Evaluator.of(m).engine(Engine.Kind.DL4J).evaluate(new ListDataSetIterator<>(test.asList(), 5));
        assertEquals(dl4j.accuracy(), fast.accuracy());
        for (int a = 0; a < LABELS.size(); a++) {
            for (int p = 0; p < LABELS.size(); p++) {
                assertEquals(dl4j.confusion(a, p), fast.confusion(a, p));
            }
        }
    }

    private static List<Path> onnx(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.filter(p -> p.toString().endsWith(".onnx")).sorted().toList();
        }
    }
}
