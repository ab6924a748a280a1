package io.transfer4j.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.transfer4j.zoo.Zoo;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** Surgery on a real zoo architecture, at a small input size to stay quick. */
class ZooSurgeryTest {

    @Test
    void vgg16WithoutTopGetsAHeadAtItsMetadataFeatureLayer() {
        TransferModel m = TransferModel.from(Zoo.vgg16().includeTop(false).inputShape(64, 64, 3))
                .freezeAll()
                .newHead(Head.labels("cobblestone", "interlocking", "unpaved").hidden(16).dropout(0.5));
        String feature = Zoo.info("vgg16").featureLayer();
        List<String> names = m.layerNames();
        assertEquals(names.indexOf(feature) + 1, names.indexOf(Head.POOL), "the head starts right after " + feature);
        assertEquals(13, m.frozenLayers().size(), "the 13 conv layers of VGG16 are frozen");
        assertEquals(List.of("head_dense1", Head.OUTPUT), m.trainableLayers());
        assertEquals(Zoo.info("vgg16").preprocessing().withSize(64, 64), m.preprocessing());
        INDArray w = m.graph().getLayer("block5_conv3").getParam("W").dup();
        Nd4j.getRandom().setSeed(1);
        DataSet one = new DataSet(Nd4j.rand(new int[] {1, 3, 64, 64}).muli(100), Nd4j.create(new float[] {0, 0, 1}, new long[] {1, 3}));
        m.graph().fit(one);
        assertEquals(w, m.graph().getLayer("block5_conv3").getParam("W"), "frozen trunk unchanged by a training step");
        assertArrayEquals(new long[] {1, 3}, m.output(one.getFeatures()).shape());
        String summary = m.summary().toString();
        assertTrue(summary.contains("frozen") && summary.contains(Head.OUTPUT), summary);
    }

    private static INDArray bnStats(TransferModel m) {
        List<INDArray> all = new java.util.ArrayList<>();
        for (String n : m.layerNames()) {
            if (GraphSurgery.isBatchNorm(m.graph().getConfiguration(), n)) {
                all.add(m.graph().getLayer(n).getParam("mean").reshape(-1).dup());
            }
        }
        return Nd4j.concat(0, all.toArray(INDArray[]::new));
    }

    @Test
    void resnet18FrozenTrunkKeepsBatchNormStatisticsUnlessTrainBn() {
        Nd4j.getRandom().setSeed(2);
        DataSet batch = new DataSet(Nd4j.rand(new int[] {2, 3, 32, 32}), Nd4j.create(new float[] {1, 0, 0, 1}, new long[] {2, 2}));
        TransferModel m = TransferModel.from(Zoo.resnet18().includeTop(false).inputShape(32, 32, 3))
                .freezeAll().newHead(Head.classes(2));
        assertEquals(Zoo.info("resnet18").featureLayer(), m.layerNames().get(m.layerNames().indexOf(Head.POOL) - 1));
        INDArray stats = bnStats(m);
        INDArray conv = m.graph().getLayer("conv1_conv").getParam("W").dup();
        m.graph().fit(batch);
        assertEquals(stats, bnStats(m), "frozen BatchNorm keeps its running statistics");
        assertTrue(m.summary().toString().contains("running statistics stay fixed"));
        m.trainBn(true);
        m.graph().fit(batch);
        assertTrue(!stats.equals(bnStats(m)), "with trainBn the statistics follow the data");
        assertEquals(conv, m.graph().getLayer("conv1_conv").getParam("W"), "convolutions stay frozen with trainBn");
        assertTrue(m.summary().toString().contains("train_bn"));
    }
}
