package io.transfer4j.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

class RateMultipliersTest {

    private static double lr(ComputationGraph g, String layer, int iteration) {
        var l = GraphSurgery.unwrap(g.getConfiguration().getVertices().get(layer) instanceof org.deeplearning4j.nn.conf.graph.LayerVertex lv
                ? lv.getLayerConf().getLayer() : null);
        return ((BaseLayer) l).getIUpdater().getLearningRate(iteration, 0);
    }

    @Test
    void multipliersScaleEachLayersUpdateByTheirFactor() {
        // Plain SGD: the update of a layer is lr·gradient, so with the same data and start the update of a
        // layer with multiplier 0.1 is exactly a tenth of what it is with 1.
        TransferModel a = TransferModel.from(Nets.small(3)).optimizer(new Sgd(0.1));
        TransferModel b = TransferModel.from(Nets.small(3)).optimizer(new Sgd(0.1)).lrMultiplier("conv*", 0.1);
        assertEquals(0.01, lr(b.graph(), "conv1", 0), 1e-12);
        assertEquals(0.1, lr(b.graph(), "dense1", 0), 1e-12);
        assertEquals(0.1, b.lrMultiplier("conv2"));
        DataSet d = Nets.randomData(9, 8, 3);
        INDArray a0 = Nets.param(a.graph(), "conv1", "W");
        INDArray b0 = Nets.param(b.graph(), "conv1", "W");
        assertEquals(a0, b0);
        a.graph().fit(d);
        b.graph().fit(d);
        INDArray da = Nets.param(a.graph(), "conv1", "W").sub(a0);
        INDArray db = Nets.param(b.graph(), "conv1", "W").sub(b0);
        assertEquals(0.1, db.norm2Number().doubleValue() / da.norm2Number().doubleValue(), 1e-3);
        INDArray ha = Nets.param(a.graph(), "output1", "W");
        INDArray hb = Nets.param(b.graph(), "output1", "W");
        assertTrue(ha.equalsWithEps(hb, 1e-6), "the head has multiplier 1 in both");
        assertTrue(b.summary().toString().contains("learning rate x0.1"), b.summary().toString());
    }

    @Test
    void multipliersComposeWithSchedulesAndNeverCompound() {
        ExponentialSchedule s = new ExponentialSchedule(ScheduleType.ITERATION, 1e-2, 0.9);
        TransferModel m = TransferModel.from(Nets.small(3)).optimizer(new Adam(s)).lrMultiplier("dense1", 0.5);
        m.lrMultiplier("dense1", 0.5);  // setting again must not give 0.25
        for (int t : new int[] {0, 3, 10}) {
            assertEquals(0.5 * s.valueAt(t, 0), lr(m.graph(), "dense1", t), 1e-12);
            assertEquals(s.valueAt(t, 0), lr(m.graph(), "conv1", t), 1e-12);
        }
    }

    @Test
    void lrGroupsSpreadMultipliersGeometrically() {
        TransferModel m = TransferModel.from(Nets.small(3)).optimizer(new Adam(1e-3)).lrGroups(0.01, "conv2", "dense1");
        assertEquals(0.01, m.lrMultiplier("conv1"), 1e-12);
        assertEquals(0.1, m.lrMultiplier("bn2"), 1e-12);
        assertEquals(1.0, m.lrMultiplier("output1"), 1e-12);
        assertEquals(1e-5, lr(m.graph(), "bn1", 0), 1e-15);
        m.setLearningRate(1e-2);
        assertEquals(1e-4, m.learningRate("conv1", 5, 0), 1e-12);
        m.graph().fit(Nets.randomData(1, 4, 3));
        assertEquals(1e-2, m.learningRate("output1", 5, 0), 1e-12);
        assertEquals(1e-4, m.graph().getUpdater().getUpdaterBlocks().get(0).getGradientUpdater().getConfig().getLearningRate(9, 0), 1e-12);
    }

    @Test
    void anOptimizerSetOnTheGraphBySomeoneElseBecomesTheBaseAndKeepsMultipliers() {
        TransferModel m = TransferModel.from(Nets.small(3)).optimizer(new Adam(1e-3)).lrMultiplier("conv1", 0.1);
        // what a Trainer does: a new optimizer on every layer at the layer's multiplier, in the live graph
        for (String n : m.trainableLayers()) {
            var bl = (BaseLayer) GraphSurgery.unwrap(((org.deeplearning4j.nn.conf.graph.LayerVertex)
                    m.graph().getConfiguration().getVertices().get(n)).getLayerConf().getLayer());
            bl.setIUpdater(new Sgd(0.5 * m.lrMultiplier(n)));
        }
        m.freeze("conv2");  // any surgery re-applies the learning rates
        assertEquals(0.05, lr(m.graph(), "conv1", 0), 1e-12);
        assertEquals(0.5, lr(m.graph(), "output1", 0), 1e-12);
        assertTrue(((BaseLayer) GraphSurgery.unwrap(((org.deeplearning4j.nn.conf.graph.LayerVertex)
                m.graph().getConfiguration().getVertices().get("conv1")).getLayerConf().getLayer())).getIUpdater() instanceof Sgd);
        // layers frozen while the Trainer changed the optimizer follow it when unfrozen (gradual unfreezing)
        TransferModel g = TransferModel.from(Nets.small(3)).optimizer(new Adam(1e-3)).lrMultiplier("conv1", 0.1)
                .freezeAllExcept("output1");
        var out = (BaseLayer) GraphSurgery.unwrap(((org.deeplearning4j.nn.conf.graph.LayerVertex)
                g.graph().getConfiguration().getVertices().get("output1")).getLayerConf().getLayer());
        out.setIUpdater(new Sgd(0.5));
        g.unfreezeAll();
        assertEquals(0.05, lr(g.graph(), "conv1", 0), 1e-12);
        assertEquals(0.5, lr(g.graph(), "dense1", 0), 1e-12);
        assertEquals(0.5, lr(g.graph(), "output1", 0), 1e-12);
        // a frozen output layer keeps its base for when it is unfrozen
        m.freeze("output1").unfreeze("output1");
        assertEquals(0.5, lr(m.graph(), "output1", 0), 1e-12);
    }

    @Test
    void aMultiplierOnAnOptimizerWithoutLearningRateIsRefusedAndChangesNothing() {
        TransferModel m = TransferModel.from(Nets.small(3)).optimizer(new org.nd4j.linalg.learning.config.AdaDelta()).freeze("conv1");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.lrMultiplier("dense1", 0.5));
        assertTrue(e.getMessage().contains("AdaDelta") && e.getMessage().contains("dense1"), e.getMessage());
        assertEquals(1.0, m.lrMultiplier("dense1"));
        assertEquals(java.util.Set.of("conv1"), m.frozenLayers());
        m.freeze("conv2");  // the model still works after the refusal
        assertEquals(java.util.Set.of("conv1", "conv2"), m.frozenLayers());
    }
}
