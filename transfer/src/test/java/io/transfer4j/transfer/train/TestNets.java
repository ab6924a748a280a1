package io.transfer4j.transfer.train;

import io.transfer4j.dsl.Network;
import io.transfer4j.dsl.Updaters;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** Small networks and data for the trainer tests. */
final class TestNets {
    private TestNets() {
    }

    /** trunk: dense1 + bn1 (frozen, as the surgery code freezes) -> head: dense2, dropout, output. */
    static ComputationGraph frozenTrunk(long seed) {
        Network net = Network.builder("t").seed(seed).updater(Updaters.adam(1e-2)).inputVector(6)
                .dense(12).name("dense1").act(Activation.RELU)
                .batchNorm().name("bn1")
                .dense(10).name("dense2").act(Activation.TANH)
                .dropout(0.3).name("drop")
                .output(3).name("out")
                .build();
        return freeze(net.conf(), "dense1", "bn1");
    }

    /** Wraps the named layers in FrozenLayerWithBackprop (what model surgery's freeze does). */
    static ComputationGraph freeze(ComputationGraphConfiguration source, String... layers) {
        ComputationGraphConfiguration conf = source.clone();
        for (String name : layers) {
            LayerVertex v = (LayerVertex) conf.getVertices().get(name);
            FrozenLayerWithBackprop frozen = new FrozenLayerWithBackprop(v.getLayerConf().getLayer());
            frozen.setLayerName(name); // without it the JSON round trip (so ModelSerializer) fails in init()
            v.getLayerConf().setLayer(frozen);
        }
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        return g;
    }

    /** An all-trainable small classifier. */
    static ComputationGraph plain(long seed) {
        return Network.builder("p").seed(seed).updater(Updaters.sgd(0.1)).inputVector(6)
                .dense(16).act(Activation.RELU).output(3).build().graph();
    }

    /** Three Gaussian blobs in 6 dimensions, one-hot labels. */
    static DataSet blobs(int n, long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.randn(DataType.FLOAT, n, 6);
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, 3);
        java.util.Random r = new java.util.Random(seed);
        for (int i = 0; i < n; i++) {
            int c = r.nextInt(3);
            y.putScalar(i, c, 1);
            x.getRow(i).addi(Nd4j.create(new float[] {c == 0 ? 2f : 0, c == 1 ? 2f : 0, c == 2 ? 2f : 0, 0, 0, 0}));
        }
        return new DataSet(x, y);
    }

    static List<String> names(String... n) {
        return List.of(n);
    }
}
