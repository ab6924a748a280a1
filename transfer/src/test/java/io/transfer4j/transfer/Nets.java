package io.transfer4j.transfer;

import io.transfer4j.dsl.Network;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** Small DSL networks and random data shared by the transfer tests. */
final class Nets {
    private Nets() {
    }

    /** 8x8x3 -> conv1 bn1 relu -> conv2 bn2 relu -> global avg pool -> dense1 -> output1 (classes). */
    static Network small(int classes) {
        return Network.builder("small").seed(7).input(8, 8, 3)
                .conv(4, 3).same().name("conv1").batchNorm().name("bn1").relu()
                .conv(6, 3).name("conv2").batchNorm().name("bn2").relu()
                .globalAvgPool().name("gap")
                .dense(8).act(Activation.RELU).name("dense1")
                .output(classes).name("output1")
                .build();
    }

    static DataSet randomData(long seed, int n, int classes) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.rand(new int[] {n, 3, 8, 8}).muli(2).subi(1);
        INDArray y = Nd4j.zeros(n, classes);
        for (int i = 0; i < n; i++) {
            y.putScalar(i, i % classes, 1.0);
        }
        return new DataSet(x, y);
    }

    /** A few optimizer steps. */
    static void fit(ComputationGraph g, DataSet d, int steps) {
        for (int i = 0; i < steps; i++) {
            g.fit(d);
        }
    }

    static INDArray param(ComputationGraph g, String layer, String key) {
        return g.getLayer(layer).getParam(key).dup();
    }
}
