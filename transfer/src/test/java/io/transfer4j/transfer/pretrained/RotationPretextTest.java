package io.transfer4j.transfer.pretrained;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class RotationPretextTest {

    @Test
    void batchIsShownAtFourRotationsWithClassAndRotationLabels() {
        // one 3x3 image 0..8 (row-major) and one of its negatives, labels class 1 and class 0
        INDArray a = Nd4j.arange(9).castTo(DataType.FLOAT).reshape(1, 1, 3, 3);
        INDArray x = Nd4j.concat(0, a, a.neg());
        INDArray y = Nd4j.createFromArray(new float[][] {{0, 1}, {1, 0}});
        MultiDataSet m = RotationPretext.rotations(new DataSet(x, y));
        INDArray f = m.getFeatures(0);
        assertArrayEquals(new long[] {8, 1, 3, 3}, f.shape());
        // counter-clockwise quarter turns, as numpy.rot90 / torch.rot90 over (H, W)
        float[][][] expected = {
            {{0, 1, 2}, {3, 4, 5}, {6, 7, 8}},
            {{2, 5, 8}, {1, 4, 7}, {0, 3, 6}},
            {{8, 7, 6}, {5, 4, 3}, {2, 1, 0}},
            {{6, 3, 0}, {7, 4, 1}, {8, 5, 2}}};
        for (int k = 0; k < 4; k++) {
            assertEquals(Nd4j.createFromArray(expected[k]), f.get(NDArrayIndex.point(2 * k), NDArrayIndex.point(0)), "rotation " + k);
            assertEquals(Nd4j.createFromArray(expected[k]).neg(), f.get(NDArrayIndex.point(2 * k + 1), NDArrayIndex.point(0)));
            assertEquals(y, m.getLabels(0).get(NDArrayIndex.interval(2 * k, 2 * k + 2), NDArrayIndex.all()), "class labels repeat");
            INDArray rot = m.getLabels(1).get(NDArrayIndex.interval(2 * k, 2 * k + 2), NDArrayIndex.all());
            assertEquals(2.0, rot.getColumn(k).sumNumber().doubleValue(), 0, "rotation " + k + " is labelled " + k);
            assertEquals(2.0, rot.sumNumber().doubleValue(), 0);
        }
    }

    @Test
    void rotationHeadTrainsWithTheClassifierAndLeavesNoTraceWhenRemoved() {
        ComputationGraph g = RotationPretext.addHead(FashionCnn.network(5, 1).graph(), FashionCnn.FEATURE_LAYER);
        assertEquals(List.of(FashionCnn.CLASSIFIER_LAYER, RotationPretext.HEAD), g.getConfiguration().getNetworkOutputs());
        INDArray x = Nd4j.rand(DataType.FLOAT, 4, 1, 28, 28);
        INDArray y = Nd4j.eye(5).get(NDArrayIndex.interval(0, 4), NDArrayIndex.all()).castTo(DataType.FLOAT);
        INDArray conv = g.getLayer("block1_conv").getParam("W").dup();
        g.fit(RotationPretext.rotations(new DataSet(x, y)));
        assertTrue(!conv.equals(g.getLayer("block1_conv").getParam("W")), "the trunk learns from both tasks");

        ComputationGraph shipped = RotationPretext.removeHead(g);
        assertEquals(List.of(FashionCnn.CLASSIFIER_LAYER), shipped.getConfiguration().getNetworkOutputs());
        assertTrue(shipped.getVertex(RotationPretext.HEAD) == null);
        assertEquals(FashionCnn.network(5, 1).graph().numParams(), shipped.numParams(), "FashionCnn's architecture, nothing more");
        assertEquals(g.output(false, x)[0], shipped.outputSingle(false, x), "same class output");
    }

    @Test
    void imagesThatCannotBeRotatedInPlaceOrAWrongFeatureLayerAreClearErrors() {
        DataSet wide = new DataSet(Nd4j.zeros(DataType.FLOAT, 2, 1, 4, 6), Nd4j.zeros(DataType.FLOAT, 2, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RotationPretext.rotations(wide));
        assertTrue(e.getMessage().contains("square") && e.getMessage().contains("[2, 1, 4, 6]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RotationPretext.addHead(FashionCnn.network(5, 1).graph(), "block3_pool"));
        assertTrue(e.getMessage().contains("'predictions' reads [flatten]") && e.getMessage().contains("pass flatten"), e.getMessage());
    }
}
