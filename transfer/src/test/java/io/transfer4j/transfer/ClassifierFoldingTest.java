package io.transfer4j.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.transfer4j.dsl.Network;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** DL4J predictions run a BN-folded copy of the graph: same probabilities, the model itself untouched. */
class ClassifierFoldingTest {
    private static final List<String> LABELS = List.of("a", "b", "c", "d");

    /** Non-trivial running statistics and affine parameters in every BN, as after training on real data. */
    private static void randomiseBatchNorms(ComputationGraph g) {
        Nd4j.getRandom().setSeed(7);
        for (org.deeplearning4j.nn.api.Layer l : g.getLayers()) {
            Map<String, INDArray> p = l.paramTable();
            if (p.containsKey(BatchNormalizationParamInitializer.GLOBAL_MEAN)) {
                INDArray mean = p.get(BatchNormalizationParamInitializer.GLOBAL_MEAN);
                mean.assign(Nd4j.randn(mean.dataType(), mean.shape()).muli(0.5));
                INDArray var = p.get(BatchNormalizationParamInitializer.GLOBAL_VAR);
                if (var != null) {
                    var.assign(Nd4j.rand(var.dataType(), var.shape()).addi(0.2));
                } else {   // the DSL's BNs store log10(std) instead
                    INDArray logStd = p.get(BatchNormalizationParamInitializer.GLOBAL_LOG_STD);
                    logStd.assign(Nd4j.rand(logStd.dataType(), logStd.shape()).subi(0.5).muli(0.6));
                }
                INDArray gamma = p.get(BatchNormalizationParamInitializer.GAMMA);
                gamma.assign(Nd4j.rand(gamma.dataType(), gamma.shape()).muli(2).addi(0.5));
                INDArray beta = p.get(BatchNormalizationParamInitializer.BETA);
                beta.assign(Nd4j.randn(beta.dataType(), beta.shape()).muli(0.5));
            }
        }
    }

    private static double maxDiff(INDArray a, INDArray b) {
        return a.sub(b).amaxNumber().doubleValue();
    }

    @Test
    void foldedPredictionsEqualUnfoldedOnesAndTheModelKeepsItsBatchNorms() {
        TransferModel model = TransferModel.from(Nets.small(4)).newHead(Head.labels(LABELS).seed(3));
        ComputationGraph graph = model.graph();
        randomiseBatchNorms(graph);
        INDArray paramsBefore = graph.params().dup();
        Nd4j.getRandom().setSeed(11);
        INDArray images = Nd4j.rand(DataType.FLOAT, 6, 3, 8, 8).muli(255);

        Classifier plain = Classifier.of(model).foldBatchNorm(false);
        Classifier folded = Classifier.of(model);
        INDArray expected = plain.probabilities(images);
        INDArray actual = folded.probabilities(images);
        double top = expected.max(1).maxNumber().doubleValue();
        assertTrue(top > 0.4 && top < 0.99, "probabilities neither uniform nor saturated, so 1e-4 means something: " + expected);
        assertTrue(maxDiff(expected, actual) < 1e-4, "folded vs plain probabilities differ by " + maxDiff(expected, actual));

        assertSame(graph, plain.predictionGraph(), "foldBatchNorm(false) predicts with the model's graph");
        ComputationGraph used = folded.predictionGraph();
        assertNotSame(graph, used);
        assertNull(used.getVertex("bn1"), "the prediction graph has no BN left");
        assertNull(used.getVertex("bn2"));
        assertNotNull(graph.getVertex("bn1"), "the model keeps its BNs");
        assertNotNull(graph.getVertex("bn2"));
        assertEquals(paramsBefore, graph.params(), "the model's parameters are untouched");
        assertSame(used, folded.predictionGraph(), "the folded copy is reused while the model does not change");

        // Training the model afterwards (BN statistics and weights move) is noticed: the copy is made again.
        Nets.fit(graph, Nets.randomData(2, 16, 4), 3);
        INDArray trainedPlain = plain.probabilities(images);
        INDArray trainedFolded = folded.probabilities(images);
        assertTrue(maxDiff(trainedPlain, expected) > 1e-3, "training changed the predictions");
        assertTrue(maxDiff(trainedPlain, trainedFolded) < 1e-4,
                "after training, folded vs plain differ by " + maxDiff(trainedPlain, trainedFolded));
        assertNotSame(used, folded.predictionGraph());
    }

    @Test
    void aModelWithNothingToFoldIsNotCopied() {
        Network net = Network.builder("nobn").seed(5).input(8, 8, 3).conv(3, 1).name("rgb").globalAvgPool().output(3).build();
        TransferModel model = TransferModel.from(net).newHead(Head.labels(List.of("r", "g", "b")));
        Classifier c = Classifier.of(model);
        c.probabilities(Nd4j.rand(DataType.FLOAT, 2, 3, 8, 8).muli(255));
        assertSame(model.graph(), c.predictionGraph(), "no BN after a convolution: predictions use the model's graph");
    }

    @Test
    void evaluationWithFoldedBatchNormGivesTheSameReport() {
        TransferModel model = TransferModel.from(Nets.small(4)).newHead(Head.labels(LABELS).seed(3));
        randomiseBatchNorms(model.graph());
        assertEquals(2, io.transfer4j.dsl.BatchNormFolding.foldable(model.graph()).size(), "both BNs fold, so the folded path runs");
        org.nd4j.linalg.dataset.DataSet data = Nets.randomData(9, 24, 4);
        var it = new org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator<>(data.asList(), 8);
        EvaluationReport plain = Evaluator.of(model).foldBatchNorm(false).topLosses(24).evaluate(it);
        EvaluationReport folded = Evaluator.of(model).topLosses(24).evaluate(it);
        assertEquals(plain.accuracy(), folded.accuracy());
        assertTrue(java.util.Arrays.deepEquals(plain.confusion(), folded.confusion()));
        for (int i = 0; i < plain.topLosses().size(); i++) {
            assertEquals(plain.topLosses().get(i).loss(), folded.topLosses().get(i).loss(), 1e-4);
        }
        assertNotNull(model.graph().getVertex("bn1"), "the model keeps its BNs");
    }
}
