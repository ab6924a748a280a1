package io.transfer4j.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

class FreezeTest {

    private static Map<String, INDArray> snapshot(ComputationGraph g) {
        Map<String, INDArray> out = new HashMap<>();
        for (org.deeplearning4j.nn.api.Layer l : g.getLayers()) {
            String n = l.conf().getLayer().getLayerName();
            l.paramTable(false).forEach((k, v) -> out.put(n + "/" + k, v.dup()));
        }
        return out;
    }

    /** Parameter keys (layer/param) whose values changed, bit for bit. */
    private static Set<String> changed(Map<String, INDArray> before, ComputationGraph g) {
        Map<String, INDArray> after = snapshot(g);
        Set<String> out = new java.util.TreeSet<>();
        before.forEach((k, v) -> {
            if (!v.equals(after.get(k)) || !java.util.Arrays.equals(v.data().asFloat(), after.get(k).data().asFloat())) {
                out.add(k);
            }
        });
        return out;
    }

    @Test
    void frozenParametersAndBatchNormStatisticsStayBitIdentical() {
        TransferModel m = TransferModel.from(Nets.small(3)).freezeAllExcept("output1");
        assertEquals(Set.of("conv1", "bn1", "conv2", "bn2", "dense1"), m.frozenLayers());
        Map<String, INDArray> before = snapshot(m.graph());
        Nets.fit(m.graph(), Nets.randomData(1, 16, 3), 3);
        Set<String> moved = changed(before, m.graph());
        assertEquals(Set.of("output1/W", "output1/b"), moved);
        assertTrue(m.summary().toString().contains("running statistics stay fixed"), m.summary().toString());
    }

    @Test
    void trainBnKeepsBatchNormLearningWhileTheRestIsFrozen() {
        TransferModel m = TransferModel.from(Nets.small(3)).trainBn(true).freezeAllExcept("output1");
        assertEquals(Set.of("conv1", "conv2", "dense1"), m.frozenLayers());
        Map<String, INDArray> before = snapshot(m.graph());
        Nets.fit(m.graph(), Nets.randomData(2, 16, 3), 3);
        Set<String> moved = changed(before, m.graph());
        for (String p : List.of("bn1/gamma", "bn1/beta", "bn1/mean", "bn1/log10stdev", "bn2/mean", "bn2/gamma", "output1/W")) {
            assertTrue(moved.contains(p), p + " should train with trainBn; moved: " + moved);
        }
        for (String p : List.of("conv1/W", "conv1/b", "conv2/W", "dense1/W")) {
            assertTrue(!moved.contains(p), p + " is frozen; moved: " + moved);
        }
        assertTrue(m.summary().toString().contains("train_bn"));
    }

    @Test
    void gradientsFlowThroughAFrozenBlockToTrainableLayersBelow() {
        TransferModel m = TransferModel.from(Nets.small(3)).freeze("conv2", "bn2");
        Map<String, INDArray> before = snapshot(m.graph());
        Nets.fit(m.graph(), Nets.randomData(3, 16, 3), 3);
        Set<String> moved = changed(before, m.graph());
        assertTrue(moved.contains("conv1/W"), "conv1 below the frozen block must still learn: " + moved);
        assertTrue(moved.stream().noneMatch(p -> p.startsWith("conv2/") || p.startsWith("bn2/")), moved.toString());
    }

    @Test
    void freezeAndUnfreezeByAllUpToPatternAndExcept() {
        TransferModel m = TransferModel.from(Nets.small(3));
        assertEquals(Set.of(), m.frozenLayers());
        assertEquals(Set.of("conv1", "bn1", "conv2", "bn2", "dense1", "output1"), m.freezeAll().frozenLayers());
        assertEquals(Set.of("conv1", "bn1", "conv2", "bn2"), m.unfreezeFrom("gap").frozenLayers());
        assertEquals(Set.of("conv2", "bn2"), m.unfreezeUpTo("relu1").frozenLayers());
        m.unfreezeAll().freezeUpTo("bn1");
        assertEquals(Set.of("conv1", "bn1"), m.frozenLayers());
        m.unfreezeAll().freezeMatching("conv*");
        assertEquals(Set.of("conv1", "conv2"), m.frozenLayers());
        m.freezeMatching("regex:bn[12]").unfreezeMatching("*1");
        assertEquals(Set.of("conv2", "bn2"), m.frozenLayers());
        m.unfreezeAllExcept("bn2");
        assertEquals(Set.of("bn2"), m.frozenLayers());
        assertEquals(List.of("conv1", "bn1", "conv2", "dense1", "output1"), m.trainableLayers());
        assertTrue(m.isFrozen("bn2"));
    }

    @Test
    void freezingKeepsTheOutputs() {
        TransferModel m = TransferModel.from(Nets.small(3));
        DataSet d = Nets.randomData(4, 4, 3);
        INDArray before = m.output(d.getFeatures());
        m.freezeUpTo("dense1");
        assertEquals(before, m.output(d.getFeatures()));
    }

    @Test
    void unknownNamesAreErrorsWithCloseMatches() {
        TransferModel m = TransferModel.from(Nets.small(3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.freezeUpTo("conv3"));
        assertTrue(e.getMessage().contains("'conv3'") && e.getMessage().contains("conv1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.freeze("dense_1"));
        assertTrue(e.getMessage().contains("dense1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.freezeMatching("block5_*"));
        assertTrue(e.getMessage().contains("matches no layer"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.unfreezeAllExcept("outptu1"));
        assertTrue(e.getMessage().contains("output1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> m.freezeMatching("regex:conv[1"));
        assertEquals(Set.of(), m.frozenLayers(), "a failed call changes nothing");
    }

    @Test
    void multiLayerNetworkWorksThroughConversion() {
        var conf = new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder().seed(1).list()
                .layer(new org.deeplearning4j.nn.conf.layers.DenseLayer.Builder().nIn(5).nOut(4).build())
                .layer(new org.deeplearning4j.nn.conf.layers.OutputLayer.Builder().nIn(4).nOut(2)
                        .activation(org.nd4j.linalg.activations.Activation.SOFTMAX).build())
                .build();
        var mln = new org.deeplearning4j.nn.multilayer.MultiLayerNetwork(conf);
        mln.init();
        TransferModel m = TransferModel.from(mln).freezeUpTo("0");
        assertEquals(Set.of("0"), m.frozenLayers());
        assertEquals(2, m.outputSize());
        assertNotEquals(null, m.graph());
    }

    /** conv -> bn -> relu -> [conv -> bn] + skip -> relu -> gap -> output: merges inside a frozen trunk. */
    static io.transfer4j.dsl.Network residual() {
        var b = io.transfer4j.dsl.Network.builder("res").seed(9).input(8, 8, 3)
                .conv(4, 3).same().name("stem").batchNorm().name("stem_bn").relu().name("stem_relu");
        b.conv(4, 3).same().name("branch").batchNorm().name("branch_bn").add("stem_relu", "branch_bn").name("sum").relu()
                .globalAvgPool().output(2).name("out");
        return b.build();
    }

    @Test
    void residualTrunkFrozenAroundMergesStaysBitIdenticalAndSummaryMarksOnlyParameterLayers() {
        TransferModel m = TransferModel.from(residual()).freezeAllExcept("out");
        Map<String, INDArray> before = snapshot(m.graph());
        Nets.fit(m.graph(), Nets.randomData(21, 8, 2), 2);
        assertEquals(Set.of("out/W", "out/b"), changed(before, m.graph()));
        var rows = m.summary().rows();
        assertEquals(List.of("stem", "stem_bn", "branch", "branch_bn"),
                rows.stream().filter(io.transfer4j.dsl.Summary.Row::frozen).map(io.transfer4j.dsl.Summary.Row::name).toList());
        assertEquals("Add", m.summary().row("sum").type(), "a frozen merge still shows as what it is");
        // the middle frozen, the stem trainable: gradients pass the frozen branch and the merge
        m.unfreezeAll().freeze("branch", "branch_bn");
        before = snapshot(m.graph());
        Nets.fit(m.graph(), Nets.randomData(22, 8, 2), 2);
        Set<String> moved = changed(before, m.graph());
        assertTrue(moved.contains("stem/W") && moved.contains("out/W"), moved.toString());
        assertTrue(moved.stream().noneMatch(k -> k.startsWith("branch")), moved.toString());
    }

    @Test
    void aFullyFrozenModelIncludingItsOutputLayerDoesNotChange() {
        TransferModel m = TransferModel.from(Nets.small(3)).freezeAll();
        Map<String, INDArray> before = snapshot(m.graph());
        Nets.fit(m.graph(), Nets.randomData(23, 8, 3), 2);
        assertEquals(Set.of(), changed(before, m.graph()));
        assertTrue(m.summary().row("output1").frozen());
    }

    @Test
    void headDropoutStaysActiveInTrainingOnAFrozenTrunk() {
        TransferModel m = TransferModel.from(Nets.small(3))
                .newHead(Head.labels("a", "b", "c").cutAt("gap").dropout(0.5).seed(3))
                .freezeAllExcept(Head.OUTPUT);
        ComputationGraph g = m.graph();
        assertTrue(!(g.getLayer("head_dropout1") instanceof org.deeplearning4j.nn.layers.FrozenLayer),
                "head dropout must not be wrapped as frozen trunk: " + g.getLayer("head_dropout1").getClass());
        INDArray x = Nets.randomData(5, 16, 3).getFeatures();
        // training-mode activations of the dropout layer: half the values zeroed, the rest scaled by 2
        INDArray pooled = g.feedForward(x, false).get("gap");
        INDArray dropped = g.feedForward(x, true).get("head_dropout1");
        long zeros = dropped.eq(0).castTo(org.nd4j.linalg.api.buffer.DataType.INT).sumNumber().longValue();
        assertTrue(zeros > pooled.length() / 4 && zeros < pooled.length() * 3 / 4, "zeros " + zeros + " of " + pooled.length());
        assertEquals(pooled, g.feedForward(x, false).get("head_dropout1"), "inference leaves dropout off");
        // the trunk (gap and below) stays frozen and is where the feature cache cuts
        assertTrue(g.getLayer("conv1") instanceof org.deeplearning4j.nn.layers.FrozenLayer);
        Map<String, INDArray> before = snapshot(g);
        Nets.fit(g, Nets.randomData(6, 16, 3), 2);
        assertEquals(Set.of("head_output/W", "head_output/b"), changed(before, g));
    }
}
