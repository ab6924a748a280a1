package io.transfer4j.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.transfer4j.dsl.Network;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

class EvaluationTest {
    static final List<String> ABC = List.of("a", "b", "c");
    static final int[] ACTUAL = {0, 0, 0, 0, 1, 1, 1, 2, 2, 2};
    static final double[][] PROBS = {
        {.8, .1, .1}, {.7, .2, .1}, {.6, .3, .1}, {.3, .6, .1},   // a: 3 right, 1 taken for b (b second... a second)
        {.1, .8, .1}, {.2, .7, .1}, {.5, .1, .4},                 // b: 2 right, 1 taken for a with b last
        {.1, .1, .8}, {.2, .1, .7}, {.6, .1, .3}};                // c: 2 right, 1 taken for a with c second

    /** A model whose output is softmax(input): feeding ln(p) gives back exactly p. */
    static TransferModel softmaxIdentity(int n) {
        TransferModel m = TransferModel.from(Network.builder("id").inputVector(n).output(n).build());
        m.graph().getLayer("output1").setParam("W", Nd4j.eye(n).castTo(m.graph().params().dataType()));
        m.graph().getLayer("output1").setParam("b", Nd4j.zeros(m.graph().params().dataType(), 1, n));
        return m;
    }

    static DataSet handMade() {
        INDArray p = Nd4j.create(PROBS).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
        INDArray y = Nd4j.zeros(ACTUAL.length, 3);
        for (int i = 0; i < ACTUAL.length; i++) {
            y.putScalar(i, ACTUAL[i], 1);
        }
        DataSet d = new DataSet(Transforms.log(p, true), y);
        List<Serializable> files = new ArrayList<>();
        for (int i = 0; i < ACTUAL.length; i++) {
            files.add("img" + i + ".png");
        }
        d.setExampleMetaData(files);
        return d;
    }

    @Test
    void metricsOfAHandMadeConfusion() {
        TransferModel m = softmaxIdentity(3).labels(ABC);
        EvaluationReport r = Evaluator.of(m).topK(2).topLosses(3).evaluate(new ListDataSetIterator<>(handMade().asList(), 4));
        assertEquals(10, r.count());
        assertEquals(0.7, r.accuracy(), 1e-9);
        assertEquals(0.9, r.topKAccuracy(), 1e-9);
        assertArrayEquals(new int[][] {{3, 1, 0}, {1, 2, 0}, {1, 0, 2}}, r.confusion());
        assertEquals(0.6, r.precision("a"), 1e-9);
        assertEquals(0.75, r.recall("a"), 1e-9);
        assertEquals(2 * .6 * .75 / 1.35, r.f1("a"), 1e-9);
        assertEquals(2.0 / 3, r.precision(1), 1e-9);
        assertEquals(2.0 / 3, r.f1(1), 1e-9);
        assertEquals(1.0, r.precision("c"), 1e-9);
        assertEquals(0.8, r.f1("c"), 1e-9);
        assertEquals(3, r.support(2));
        List<TopLoss> worst = r.topLosses();
        assertEquals(List.of(6, 9, 3), worst.stream().map(TopLoss::example).toList());
        assertEquals(new TopLoss(6, "img6.png", "b", "a", worst.get(0).probability(), worst.get(0).loss()), worst.get(0));
        assertEquals(-Math.log(0.1), worst.get(0).loss(), 1e-5);
        String text = r.toString();
        assertTrue(text.contains("accuracy: 0.7000") && text.contains("top-2 accuracy: 0.9000") && text.contains("img6.png"), text);
        EvaluationReport same = EvaluationReport.of(ABC, handMade().getLabels(), Nd4j.create(PROBS), 2);
        assertArrayEquals(r.confusion(), same.confusion());
    }

    @Test
    void flipTtaAveragesAnImageAndItsMirror() {
        TransferModel m = TransferModel.from(Network.builder("lr").input(1, 2, 1).output(2).build());
        m.graph().getLayer("output1").setParam("W", Nd4j.eye(2).castTo(m.graph().params().dataType()));
        INDArray x = Nd4j.create(new float[] {(float) Math.log(0.9), (float) Math.log(0.1)}, new long[] {1, 1, 1, 2});
        assertArrayEquals(new float[] {(float) Math.log(0.1), (float) Math.log(0.9)}, Tta.flip(x).data().asFloat(), 1e-6f);
        DataSet d = new DataSet(x, Nd4j.create(new float[] {1, 0}, new long[] {1, 2}));
        EvaluationReport plain = Evaluator.of(m).evaluate(new ListDataSetIterator<>(d.asList(), 1));
        EvaluationReport tta = Evaluator.of(m).tta(true).evaluate(new ListDataSetIterator<>(d.asList(), 1));
        assertEquals(0.9, plain.topLosses().get(0).probability(), 1e-5);
        assertEquals(0.5, tta.topLosses().get(0).probability(), 1e-5);
    }

    /** Data that names its classes, as an image-folder iterator does. */
    static ListDataSetIterator<DataSet> named(DataSet d, List<String> classes) {
        return new ListDataSetIterator<>(d.asList(), 5) {
            @Override
            public List<String> getLabels() {
                return classes;
            }
        };
    }

    @Test
    void mismatchedLabelSetsAndClassCountsAreClearErrors() {
        TransferModel m = softmaxIdentity(3).labels(ABC);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Evaluator.of(m).evaluate(named(handMade(), List.of("a", "c", "b"))));
        assertTrue(e.getMessage().contains("mismatched label sets") && e.getMessage().contains("[a, c, b]"), e.getMessage());
        DataSet two = new DataSet(Nd4j.zeros(2, 3), Nd4j.eye(2));
        e = assertThrows(IllegalArgumentException.class, () -> Evaluator.of(m).evaluate(new ListDataSetIterator<>(two.asList(), 2)));
        assertTrue(e.getMessage().contains("2 classes") && e.getMessage().contains("3 outputs"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Evaluator.of(m).evaluate(new ListDataSetIterator<>(List.of(), 2)));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Evaluator.of(m).topK(0));
        // a model without labels takes the data's class names
        EvaluationReport r = Evaluator.of(softmaxIdentity(3)).evaluate(named(handMade(), List.of("x", "y", "z")));
        assertEquals(List.of("x", "y", "z"), r.labels());
    }
}
