package io.transfer4j.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** {@code batchNorm().noScale()}: Keras's {@code scale=False} — three parameters per channel, gamma fixed at one. */
class CenteredBatchNormTest {

    private static Network net(boolean scale) {
        NetworkBuilder b = Network.builder("bn").seed(2).input(6, 5, 3).conv(4, 3).name("c").batchNorm().name("bn");
        if (!scale) {
            b.noScale();
        }
        return b.relu().globalAvgPool().output(2).build();
    }

    @Test
    void betaMeanAndVarianceOnlyCountedAsKerasCountsThem() {
        Network n = net(false);
        assertEquals(List.of("beta", "mean", "log10stdev"), List.copyOf(n.graph().getLayer("bn").paramTable().keySet()));
        assertEquals(3 * 4, n.summary().row("bn").params());
        assertEquals(2 * 4, n.summary().row("bn").nonTrainable());
        assertEquals(net(true).parameterCount() - 4, n.parameterCount());
    }

    @Test
    void computesAsBatchNormWithGammaOneAndTrainsBetaOnly() {
        Network centered = net(false);
        Network full = net(true);
        ComputationGraph c = centered.graph();
        ComputationGraph f = full.graph();
        for (String layer : List.of("c", "output1")) {
            f.getLayer(layer).setParams(c.getLayer(layer).params().dup());
        }
        INDArray beta = Nd4j.rand(1, 4).subi(0.5);
        INDArray mean = Nd4j.rand(1, 4).subi(0.5);
        INDArray logStd = Nd4j.rand(1, 4).muli(0.3);
        for (ComputationGraph g : List.of(c, f)) {
            g.getLayer("bn").getParam("beta").assign(beta.reshape(g.getLayer("bn").getParam("beta").shape()));
            g.getLayer("bn").getParam("mean").assign(mean.reshape(g.getLayer("bn").getParam("mean").shape()));
            g.getLayer("bn").getParam("log10stdev").assign(logStd.reshape(g.getLayer("bn").getParam("log10stdev").shape()));
        }
        f.getLayer("bn").getParam("gamma").assign(1);
        INDArray x = Nd4j.rand(3, 3, 6, 5);
        assertEquals(0.0, f.outputSingle(x).sub(c.outputSingle(x)).amaxNumber().doubleValue(), 1e-6);

        INDArray betaBefore = c.getLayer("bn").getParam("beta").dup();
        org.nd4j.linalg.dataset.DataSet d = new org.nd4j.linalg.dataset.DataSet(x, Nd4j.eye(3).getColumns(0, 1).dup());
        c.fit(d);
        assertTrue(c.getLayer("bn").getParam("beta").sub(betaBefore).amaxNumber().doubleValue() > 0, "beta is trained");
        assertEquals(1.0, c.getLayer("bn").getParam("gamma").minNumber().doubleValue(), 0.0, "gamma stays one");
    }

    @Test
    void noScaleOnAnotherLayerNamesTheLayerAndTheOption() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Network.builder("x").input(6, 5, 3).conv(4, 3).name("c").noScale());
        assertTrue(e.getMessage().contains("noScale") && e.getMessage().contains("c"), e.getMessage());
    }
}
