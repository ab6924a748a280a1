package io.transfer4j.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.weights.WeightInitRelu;
import org.deeplearning4j.nn.weights.WeightInitXavier;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Sgd;

/** Network-wide updater and weight init, and per-layer overrides that reach the layer confs and take effect. */
class LayerOverridesTest {

    private static BaseLayer layer(ComputationGraphConfiguration conf, String name) {
        return (BaseLayer) ((LayerVertex) conf.getVertices().get(name)).getLayerConf().getLayer();
    }

    @Test
    void overridesReachTheLayerConfsAndDefaultsFillTheRest() {
        Network net = Network.builder("o").updater(Updaters.adam(1e-3)).weightInit(WeightInit.XAVIER)
                .input(6, 6, 2)
                .conv(3, 3).withUpdater(Updaters.sgd(0.5)).withWeightInit(WeightInit.RELU)
                .batchNorm().withUpdater(Updaters.rmsprop(0.01))
                .flatten().dense(4)
                .output(2).withUpdater(Updaters.nesterov(0.1, 0.9))
                .build();
        ComputationGraphConfiguration conf = ComputationGraphConfiguration.fromJson(net.conf().toJson());
        assertEquals(new Sgd(0.5), layer(conf, "conv1").getIUpdater());
        assertEquals(new WeightInitRelu(), layer(conf, "conv1").getWeightInitFn());
        assertEquals("RmsProp", layer(conf, "bn1").getIUpdater().getClass().getSimpleName());
        assertEquals(new Adam(1e-3), layer(conf, "dense1").getIUpdater());
        assertEquals(new WeightInitXavier(), layer(conf, "dense1").getWeightInitFn());
        assertEquals("Nesterovs", layer(conf, "output1").getIUpdater().getClass().getSimpleName());
    }

    @Test
    void aLayerOverrideChangesHowThatLayerTrains() {
        Network net = Network.builder("o").seed(4).updater(Updaters.sgd(0.1)).inputVector(5)
                .dense(6).withUpdater(new Sgd(0.0)).name("fixed")
                .dense(6).name("learning")
                .output(2).build();
        ComputationGraph g = net.graph();
        INDArray fixed = g.getParam("fixed_W").dup();
        INDArray learning = g.getParam("learning_W").dup();
        g.fit(new DataSet(Nd4j.rand(DataType.FLOAT, 8, 5), Nd4j.eye(2).repeat(0, 4).reshape(8, 2).castTo(DataType.FLOAT)));
        assertEquals(fixed, g.getParam("fixed_W"), "learning rate 0 override: unchanged");
        assertNotEquals(learning, g.getParam("learning_W"), "network default SGD: changed");
    }

    @Test
    void aWeightInitOverrideChangesThatLayersInitialValues() {
        ComputationGraph g = Network.builder("o").inputVector(5).dense(4).withWeightInit(WeightInit.ZERO).name("zero")
                .dense(4).name("xavier").build().graph();
        assertEquals(0.0, g.getParam("zero_W").amaxNumber().doubleValue(), 0.0);
        assertNotEquals(0.0, g.getParam("xavier_W").amaxNumber().doubleValue());
    }

    @Test
    void seedMakesInitialisationReproducible() {
        INDArray a = Network.builder("s").seed(9).inputVector(5).dense(4).build().graph().params();
        INDArray b = Network.builder("s").seed(9).inputVector(5).dense(4).build().graph().params();
        INDArray c = Network.builder("s").seed(10).inputVector(5).dense(4).build().graph().params();
        assertEquals(a, b);
        assertNotEquals(a, c);
    }
}
