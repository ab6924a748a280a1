package io.transfer4j.dsl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;

/** Classical momentum: the update rule, JSON round trip with the graph configuration, saved state, training. */
class MomentumTest {

    @Test
    void updateIsHeavyBallMomentum() {
        Momentum m = new Momentum(0.1, 0.9);
        INDArray state = Nd4j.zeros(DataType.FLOAT, 1, 2);
        GradientUpdater<?> u = m.instantiate(state, true);
        INDArray g1 = Nd4j.createFromArray(new float[] {1f, -2f});
        u.applyUpdater(g1, 0, 0);
        // v1 = -0.1*g1; DL4J subtracts what is left in the gradient, so it holds -v.
        assertArrayEquals(new float[] {0.1f, -0.2f}, g1.toFloatVector(), 1e-7f);
        INDArray g2 = Nd4j.createFromArray(new float[] {0.5f, 0.5f});
        u.applyUpdater(g2, 1, 0);
        // v2 = 0.9*v1 - 0.1*g2 = (-0.09 - 0.05, 0.18 - 0.05)
        assertArrayEquals(new float[] {0.14f, -0.13f}, g2.toFloatVector(), 1e-6f);
        assertArrayEquals(new float[] {-0.14f, 0.13f}, state.reshape(2).toFloatVector(), 1e-6f, "velocity lives in the state view");
    }

    private static Network net() {
        return net(Updaters.momentum(0.1, 0.9));
    }

    private static Network net(org.nd4j.linalg.learning.config.IUpdater updater) {
        return Network.builder("mom").seed(3).updater(updater)
                .inputVector(4).dense(8).act(Activation.TANH).relu().output(3).build();
    }

    private static double lossAfter(ComputationGraph g, DataSet ds, int steps) {
        for (int i = 0; i < steps; i++) {
            g.fit(ds);
        }
        return g.score(ds);
    }

    private static DataSet batch() {
        Nd4j.getRandom().setSeed(12);
        INDArray x = Nd4j.rand(DataType.FLOAT, 32, 4);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 32, 3);
        for (int r = 0; r < 32; r++) {
            y.putScalar(r, (int) (x.getDouble(r, 0) * 3) % 3, 1.0);
        }
        return new DataSet(x, y);
    }

    @Test
    void survivesJsonRoundTripOfTheGraphConfiguration() {
        ComputationGraphConfiguration conf = net().conf();
        String json = conf.toJson();
        assertTrue(json.contains("\"@class\" : \"io.transfer4j.dsl.Momentum\""), "class recorded in JSON");
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(json);
        assertEquals(conf, back);
        BaseLayer dense = (BaseLayer) ((LayerVertex) back.getVertices().get("dense1")).getLayerConf().getLayer();
        assertEquals(new Momentum(0.1, 0.9), dense.getIUpdater());
        assertInstanceOf(CopyingActivationLayer.class, ((LayerVertex) back.getVertices().get("relu1")).getLayerConf().getLayer());
    }

    @Test
    void trainsAndResumesFromASavedModelWithItsVelocity(@TempDir Path dir) throws Exception {
        DataSet ds = batch();
        ComputationGraph g = net().graph();
        double before = g.score(ds);
        double after = lossAfter(g, ds, 30);
        double sgd = lossAfter(net(Updaters.sgd(0.1)).graph(), ds, 30);
        assertTrue(after < before && after < sgd, "loss " + before + " -> " + after + " (plain SGD: " + sgd + ")");
        assertTrue(g.getUpdater().getStateViewArray().amaxNumber().doubleValue() > 0, "velocity is non-zero");

        File file = dir.resolve("mom.zip").toFile();
        ModelSerializer.writeModel(g, file, true);
        ComputationGraph restored = ModelSerializer.restoreComputationGraph(file, true);
        assertEquals(g.getUpdater().getStateViewArray(), restored.getUpdater().getStateViewArray());
        g.fit(ds);
        restored.fit(ds);
        assertArrayEquals(g.params().toFloatVector(), restored.params().toFloatVector(), 1e-6f);
    }
}
