package io.transfer4j.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class BatchNormFoldingTest {

    /** Gives every BN non-trivial running statistics and affine parameters, as after training. */
    static void randomiseBatchNorms(ComputationGraph g) {
        Nd4j.getRandom().setSeed(7);
        for (org.deeplearning4j.nn.api.Layer l : g.getLayers()) {
            Map<String, INDArray> p = l.paramTable();
            if (p.containsKey(BatchNormalizationParamInitializer.GLOBAL_MEAN)) {
                p.get(BatchNormalizationParamInitializer.GLOBAL_MEAN).assign(Nd4j.randn(DataType.FLOAT, p.get("mean").shape()).muli(0.5));
                p.get(BatchNormalizationParamInitializer.GAMMA).assign(Nd4j.rand(DataType.FLOAT, p.get("gamma").shape()).addi(0.5));
                p.get(BatchNormalizationParamInitializer.BETA).assign(Nd4j.randn(DataType.FLOAT, p.get("beta").shape()).muli(0.3));
                String varKey = p.containsKey(BatchNormalizationParamInitializer.GLOBAL_VAR)
                        ? BatchNormalizationParamInitializer.GLOBAL_VAR : BatchNormalizationParamInitializer.GLOBAL_LOG_STD;
                INDArray v = p.get(varKey);
                v.assign(varKey.equals("var") ? Nd4j.rand(DataType.FLOAT, v.shape()).addi(0.2)
                        : Nd4j.rand(DataType.FLOAT, v.shape()).subi(0.5).muli(0.4));
            }
        }
    }

    static void assertSameOutputs(ComputationGraph plain, ComputationGraph folded, long... inputShape) {
        INDArray x = Nd4j.rand(DataType.FLOAT, inputShape).subi(0.5).muli(2);
        INDArray a = plain.outputSingle(false, x.dup());
        INDArray b = folded.outputSingle(false, x.dup());
        double maxDiff = Transforms_maxAbsDiff(a, b);
        assertTrue(maxDiff < 1e-4, "max |plain - folded| = " + maxDiff);
    }

    static double Transforms_maxAbsDiff(INDArray a, INDArray b) {
        return a.sub(b).amaxNumber().doubleValue();
    }

    @Test
    void foldsConvBnInASmallNet() {
        Network net = Network.builder("bn-net").input(16, 16, 3)
                .conv(8, 3).batchNorm().relu()
                .conv(16, 3).stride(2).noBias().batchNorm().relu()
                .flatten().dense(20).batchNorm().output(5)   // a dense BN must stay
                .build();
        ComputationGraph plain = net.graph();
        randomiseBatchNorms(plain);
        BatchNormFolding.Result r = BatchNormFolding.foldWithReport(plain);
        assertEquals(Map.of("bn1", "conv1", "bn2", "conv2"), r.foldedIntoConv());
        assertEquals(r.foldedIntoConv(), BatchNormFolding.foldable(plain), "foldable() predicts the fold without building it");
        ComputationGraph folded = r.graph();
        assertEquals(null, folded.getVertex("bn1"));
        assertNotNull(folded.getVertex("bn3"), "BN after a dense layer is not folded");
        assertTrue(((org.deeplearning4j.nn.conf.layers.ConvolutionLayer) folded.getLayer("conv2").conf().getLayer()).hasBias(),
                "conv without bias gains one");
        assertSameOutputs(plain, folded, 4, 3, 16, 16);
        assertFalse(plain.getVertex("bn1") == null, "source graph untouched");
    }

    @Test
    void foldsAResidualBlockIncludingTheShortcut() {
        NetworkBuilder b = Network.builder("res").input(12, 12, 8);
        b.conv(8, 1).name("stem").relu().name("stem_relu");
        String in = b.last();
        b.block("res1", r -> {
            r.from(in).conv(16, 1).noBias().name("short_conv").batchNorm().name("short_bn");
            String shortcut = r.last();
            r.from(in).conv(8, 3).same().noBias().name("1_conv").batchNorm().name("1_bn").relu().name("1_relu")
                    .conv(16, 3).same().noBias().name("2_conv").batchNorm().name("2_bn")
                    .add(shortcut, r.last()).name("add").relu().name("out");
        });
        Network net = b.globalAvgPool().output(3).build();
        ComputationGraph plain = net.graph();
        randomiseBatchNorms(plain);
        BatchNormFolding.Result r = BatchNormFolding.foldWithReport(plain);
        assertEquals(3, r.foldedIntoConv().size(), r.foldedIntoConv().toString());
        assertEquals(plain.getNumLayers() - 3, r.graph().getNumLayers());
        assertSameOutputs(plain, r.graph(), 2, 8, 12, 12);
    }

    @Test
    void leavesABnWhoseConvFeedsTwoConsumers() {
        NetworkBuilder b = Network.builder("shared").input(8, 8, 2).conv(4, 3).same().name("c");
        b.batchNorm().name("bn");
        b.add("c", "bn").name("sum").flatten().output(2);
        ComputationGraph plain = b.build().graph();
        randomiseBatchNorms(plain);
        BatchNormFolding.Result r = BatchNormFolding.foldWithReport(plain);
        assertTrue(r.foldedIntoConv().isEmpty());
        assertTrue(BatchNormFolding.foldable(plain).isEmpty());
        assertSameOutputs(plain, r.graph(), 1, 2, 8, 8);
    }
}
