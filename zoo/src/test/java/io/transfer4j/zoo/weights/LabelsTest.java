package io.transfer4j.zoo.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class LabelsTest {
    @Test
    void imagenetListIsTheStandardOrder() {
        Labels l = Labels.imagenet();
        assertEquals(1000, l.size());
        assertEquals("tench", l.get(0));
        assertEquals("tabby", l.get(281));
        assertEquals("tiger cat", l.get(282));
        assertEquals("toilet tissue", l.get(999));
    }

    @Test
    void imagenetTagsNameTheirLabels() {
        assertEquals(1000, Labels.forTag(WeightRegistry.defaults().get("resnet50:imagenet")).size());
        assertEquals("tench", Labels.forTag(WeightRegistry.defaults().get("vgg16:dl4j-imagenet")).get(0));
    }

    @Test
    void decodeTopK() {
        INDArray p = Nd4j.zeros(1, 1000);
        p.putScalar(0, 281, 0.6);
        p.putScalar(0, 282, 0.25);
        p.putScalar(0, 285, 0.1);     // Egyptian cat
        p.putScalar(0, 0, Double.NaN);
        List<Prediction> top = Labels.imagenet().decode(p, 3);
        assertEquals(List.of(281, 282, 285), top.stream().map(Prediction::index).toList());
        assertEquals("tabby", top.get(0).label());
        assertEquals("Egyptian cat", top.get(2).label());
        assertEquals(0.6, top.get(0).probability(), 1e-6);
        assertEquals(1000, Labels.imagenet().decode(p, 5000).size());
    }

    @Test
    void decodeBatchRowByRow() {
        INDArray p = Nd4j.zeros(2, 1000);
        p.putScalar(0, 1, 0.9);
        p.putScalar(1, 999, 0.7);
        var rows = Labels.imagenet().decodeBatch(p, 1);
        assertEquals("goldfish", rows.get(0).get(0).label());
        assertEquals("toilet tissue", rows.get(1).get(0).label());
    }

    @Test
    void badInputsAreNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> Labels.imagenet().decode(Nd4j.zeros(1, 10), 3));
        assertTrue(e.getMessage().contains("10 classes") && e.getMessage().contains("1000"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Labels.imagenet().decode(Nd4j.zeros(2, 1000), 3));
        assertTrue(e.getMessage().contains("decodeBatch"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Labels.imagenet().decode(Nd4j.zeros(1000), 0));
        e = assertThrows(IllegalArgumentException.class, () -> Labels.bundled("nope"));
        assertTrue(e.getMessage().contains("nope"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Labels.bundled("../../etc/passwd"));
    }
}
