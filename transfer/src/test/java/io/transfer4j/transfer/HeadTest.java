package io.transfer4j.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.transfer4j.dsl.Network;
import io.transfer4j.dsl.Shape;
import io.transfer4j.zoo.ModelInfo;
import io.transfer4j.zoo.Pooling;
import io.transfer4j.zoo.Preprocessing;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

class HeadTest {

    /** A zoo-like trunk with metadata: the feature layer is a 2x2 feature map, then a 5-class top. */
    static Network zooLike() {
        return Network.builder("mini-zoo").seed(3).input(8, 8, 3)
                .conv(4, 3).same().name("block1_conv1").relu().maxPool(2).name("block1_pool")
                .conv(6, 3).same().name("block2_conv1").relu().maxPool(2).name("block2_pool")
                .flatten().dense(16).name("fc1").relu().output(5).name("predictions")
                .build();
    }

    static ModelInfo zooInfo() {
        return new ModelInfo("mini-zoo", Shape.image(8, 8, 3), 5, "predictions", "block2_pool", 6, Preprocessing.caffe(8, 8));
    }

    @Test
    void newHeadCutsAtTheMetadataFeatureLayerAndKeepsTheTrunkWeights() {
        Network net = zooLike();
        INDArray trunkW = net.graph().getLayer("block2_conv1").getParam("W").dup();
        TransferModel m = TransferModel.from(net, zooInfo()).freezeAll()
                .newHead(Head.labels("a", "b", "c").hidden(10).dropout(0.5));
        List<String> names = m.layerNames();
        assertTrue(names.containsAll(List.of(Head.POOL, "head_dense1", "head_dropout1", Head.OUTPUT)), names.toString());
        assertTrue(!names.contains("fc1") && !names.contains("predictions"), names.toString());
        assertEquals(List.of("a", "b", "c"), m.labels());
        assertEquals(3, m.outputSize());
        assertEquals(Set.of("block1_conv1", "block2_conv1"), m.frozenLayers());
        assertEquals(List.of("head_dense1", Head.OUTPUT), m.trainableLayers());
        assertEquals(trunkW, m.graph().getLayer("block2_conv1").getParam("W"));
        assertEquals(Preprocessing.caffe(8, 8), m.preprocessing());
        DataSet d = Nets.randomData(5, 4, 3);
        assertArrayEquals(new long[] {4, 3}, m.output(d.getFeatures()).shape());
        Nets.fit(m.graph(), d, 2);
        assertEquals(trunkW, m.graph().getLayer("block2_conv1").getParam("W"));
        String summary = m.summary().toString();
        assertTrue(summary.contains("frozen") && summary.contains(Head.OUTPUT), summary);
    }

    @Test
    void headAtANamedCutPointOnAPlainGraphAndWithoutPooling() {
        TransferModel m = TransferModel.from(zooLike()).newHead(Head.classes(2).cutAt("block1_pool").pooling(Pooling.NONE));
        assertEquals(List.of("0", "1"), m.labels());
        assertTrue(!m.layerNames().contains(Head.POOL), "NONE flattens instead of pooling");
        assertEquals(4 * 4 * 4 * 2 + 2, m.graph().getLayer(Head.OUTPUT).numParams());
    }

    @Test
    void plainGraphWithoutMetadataReplacesOnlyItsOutputLayer() {
        TransferModel m = TransferModel.from(Nets.small(3)).newHead(Head.classes(4));
        assertEquals(4, m.outputSize());
        assertTrue(m.layerNames().contains("dense1") && !m.layerNames().contains("output1"), m.layerNames().toString());
    }

    @Test
    void headlessGivesPooledFeaturesAtTheFeatureLayer() {
        TransferModel m = TransferModel.from(zooLike(), zooInfo()).headless(Pooling.MAX);
        INDArray f = m.output(Nets.randomData(6, 2, 3).getFeatures());
        assertArrayEquals(new long[] {2, 6}, f.shape());
        assertEquals(6, m.outputSize());
        assertEquals(List.of("0", "1", "2", "3", "4", "5"), m.labels());
        TransferModel avg = TransferModel.from(zooLike(), zooInfo()).headless("block1_pool", Pooling.AVG);
        assertEquals(4, avg.outputSize());
    }

    @Test
    void normalizedHeadFeedsTheClassifierFeaturesOfNormScaleAndTrainsOnAFrozenTrunk() {
        TransferModel m = TransferModel.from(zooLike(), zooInfo()).newHead(Head.classes(3).normalize(7)).freezeAllExcept(Head.OUTPUT);
        assertEquals(List.of(Head.POOL, Head.L2NORM, Head.SCALE, Head.OUTPUT), m.layerNames().subList(m.layerNames().size() - 4, m.layerNames().size()));
        DataSet d = Nets.randomData(3, 6, 3);
        INDArray scaled = m.graph().feedForward(d.getFeatures(), false).get(Head.SCALE);
        INDArray norms = scaled.norm2(1);
        assertEquals(Nd4j.valueArrayOf(norms.shape(), 7.0, norms.dataType()), norms);
        INDArray before = m.graph().getLayer(Head.OUTPUT).params().dup();
        Nets.fit(m.graph(), d, 2);
        assertTrue(!before.equals(m.graph().getLayer(Head.OUTPUT).params()), "the head trains");
        assertTrue(Head.classes(3).normalize(7).toString().contains("normalized x7.0"));
    }

    @Test
    void badHeadsAreClearErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Head.classes(0));
        assertTrue(e.getMessage().contains("at least 1 class"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Head.classes(-3));
        assertThrows(IllegalArgumentException.class, () -> Head.labels(List.of()));
        assertThrows(IllegalArgumentException.class, () -> Head.labels("a", "a"));
        assertThrows(IllegalArgumentException.class, () -> Head.classes(2).hidden(0));
        assertThrows(IllegalArgumentException.class, () -> Head.classes(2).dropout(1.0));
        e = assertThrows(IllegalArgumentException.class, () -> Head.classes(2).normalize(0));
        assertTrue(e.getMessage().contains("normalize(scale)") && e.getMessage().contains("got 0.0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Head.classes(2).normalize(Double.NaN));
        TransferModel m = TransferModel.from(zooLike());
        e = assertThrows(IllegalArgumentException.class, () -> m.newHead(Head.classes(2).cutAt("block3_pool")));
        assertTrue(e.getMessage().contains("block2_pool") || e.getMessage().contains("block1_pool"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.labels(List.of("x", "y")));
        assertTrue(e.getMessage().contains("5 outputs") && e.getMessage().contains("2 labels"), e.getMessage());
    }

    @Test
    void graphsThatCannotTellTheirInputShapeOrLearningRateMistakesAreClearErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TransferModel.from(Nets.small(3).graph()));
        assertTrue(e.getMessage().contains("Shape.image"), e.getMessage());
        TransferModel m = TransferModel.from(Nets.small(3).graph(), Shape.image(8, 8, 3));
        assertEquals(3, m.outputSize());
        e = assertThrows(IllegalArgumentException.class, () -> m.lrMultiplier("conv*", 0));
        assertTrue(e.getMessage().contains("> 0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> m.lrMultiplier("conv*", Double.NaN));
        e = assertThrows(IllegalArgumentException.class, () -> m.lrGroups(0.1, "dense1", "conv1"));
        assertTrue(e.getMessage().contains("conv1"), e.getMessage());
        assertEquals(1.0, m.lrMultiplier("conv1"), "a refused call changes nothing");
    }
}
