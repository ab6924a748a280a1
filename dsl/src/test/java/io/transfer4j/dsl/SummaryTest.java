package io.transfer4j.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;

/** The summary table on a small network worked out by hand: shapes, parameters, weights, memory, receptive fields. */
class SummaryTest {

    /** input 8x8x3 → conv 4@3x3 pad 1 relu → max pool 2 → conv 6@3x3 /2 same, no bias → flatten → dense 10 → output 2. */
    static Network small() {
        return Network.builder("small").input(8, 8, 3)
                .conv(4, 3).pad(1).act(Activation.RELU)
                .maxPool(2)
                .conv(6, 3).stride(2).same().noBias()
                .flatten().dense(10).output(2)
                .build();
    }

    private static void assertRow(Summary s, String name, Shape shape, long params, long weights, long memory, int rf, int jump) {
        Summary.Row r = s.row(name);
        assertEquals(shape, r.shape(), name + " shape");
        assertEquals(params, r.params(), name + " params");
        assertEquals(weights, r.weights(), name + " weights");
        assertEquals(memory, r.activations(), name + " memory");
        assertEquals(rf, r.rf(), name + " receptive field");
        assertEquals(jump, r.jump(), name + " jump");
    }

    /** DL4J types a LossLayer's output as a vector of its unset size (0); the summary shows its input's shape. */
    @Test
    void aLossLayerRowHasItsInputsShape() {
        Network net = Network.builder("loss").seed(3).input(8, 8, 3).conv(4, 3).relu().globalAvgPool().dense(3).softmax()
                .loss(org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction.MCXENT).name("probs").build();
        Summary s = net.summary();
        assertEquals(Shape.flat(3), s.row("probs").shape(), s.toString());
    }

    @Test
    void rowsWorkedOutByHand() {
        Summary s = small().summary();
        assertEquals(List.of("input", "conv1", "max_pool1", "conv2", "flatten1", "dense1", "output1"),
                s.rows().stream().map(Summary.Row::name).toList());
        assertRow(s, "input", Shape.image(8, 8, 3), 0, 0, 192, 1, 1);
        assertRow(s, "conv1", Shape.image(8, 8, 4), 4 * (27 + 1), 4 * 27, 256, 3, 1);
        assertRow(s, "max_pool1", Shape.image(4, 4, 4), 0, 0, 64, 4, 2);
        assertRow(s, "conv2", Shape.image(2, 2, 6), 6 * 36, 6 * 36, 24, 4 + 2 * 2, 4);
        assertRow(s, "flatten1", Shape.flat(24), 0, 0, 24, 0, 0);
        assertRow(s, "dense1", Shape.flat(10), 250, 240, 10, 0, 0);
        assertRow(s, "output1", Shape.flat(2), 22, 20, 2, 0, 0);
        assertEquals("Conv 3x3/1 relu", s.row("conv1").type());
        assertEquals("MAXPool 2x2/2", s.row("max_pool1").type());
    }

    @Test
    void totals() {
        Summary s = small().summary();
        assertEquals(600, s.totalParams());
        assertEquals(584, s.totalWeights());
        assertEquals(600, s.trainableParams());
        assertEquals(0, s.frozenParams());
        assertEquals(192 + 256 + 64 + 24 + 24 + 10 + 2, s.activations());
        assertEquals(4L * (2 * 572 + 4 * 600), s.trainingBytesEstimate());
        assertEquals(small().graph().numParams(), s.totalParams());
    }

    @Test
    void frozenLayersAreCountedApart() {
        ComputationGraph g = small().graph();
        ComputationGraph frozen = new TransferLearning.GraphBuilder(g).setFeatureExtractor("max_pool1").build();
        Summary s = Summary.of("frozen", frozen.getConfiguration(), List.of(Shape.image(8, 8, 3)));
        assertEquals(112, s.frozenParams());
        assertEquals(488, s.trainableParams());
        assertTrue(s.row("conv1").frozen());
        assertEquals(112, s.row("conv1").params());
        assertEquals(3, s.row("conv1").rf(), "frozen wrapper unwrapped for the receptive field");
        assertEquals(112, s.nonTrainableParams());
        assertTrue(s.toString().contains("600 total, 488 trainable, 112 non-trainable (112 in frozen layers"), s.toString());
    }

    /** Keras's convention: BN's moving mean and variance are non-trainable; a frozen BN counts once, all of it. */
    @Test
    void batchNormMovingStatisticsAreNonTrainableAsInKeras() {
        Network net = Network.builder("bn").input(8, 8, 3).conv(4, 3).name("c").batchNorm().name("bn1").relu()
                .conv(5, 3).name("d").batchNorm().name("bn2").globalAvgPool().output(2).build();
        Summary s = net.summary();
        assertEquals(4 * 4 + 4 * 5, s.rows().stream().filter(r -> r.type().equals("BatchNorm")).mapToLong(Summary.Row::params).sum());
        assertEquals(2 * 4 + 2 * 5, s.nonTrainableParams());
        assertEquals(s.totalParams() - 18, s.trainableParams());
        assertEquals(8, s.row("bn1").nonTrainable());
        ComputationGraph frozen = new TransferLearning.GraphBuilder(net.graph()).setFeatureExtractor("bn1").build();
        Summary f = Summary.of("frozen", frozen.getConfiguration(), List.of(Shape.image(8, 8, 3)));
        long frozenParams = 4 * 28 + 16;
        assertEquals(frozenParams, f.frozenParams());
        assertEquals(frozenParams + 10, f.nonTrainableParams());
        assertEquals(f.totalParams() - frozenParams - 10, f.trainableParams());
    }

    @Test
    void receptiveFieldThroughBranchesDilationAndTransposedConvs() {
        Network net = Network.builder("rf").input(16, 16, 1)
                .conv(2, 3).same().name("a").from("input").conv(2, 1).name("b").add("a", "b").name("sum")
                .conv(2, 3).dilation(2).same().name("dilated")
                .conv(2, 2).stride(2).name("down")
                .transposedConv(2, 2).stride(2).name("up")
                .transposedConv(2, 3).stride(2).name("up_again")
                .conv(2, 3).same().name("after")
                .build();
        Summary s = net.summary();
        assertEquals(3, s.row("sum").rf(), "an add sees the wider branch");
        assertEquals(1, s.row("sum").jump());
        assertEquals(3 + 4, s.row("dilated").rf(), "3x3 dilated 2 spans 5");
        assertEquals(8, s.row("down").rf());
        assertEquals(2, s.row("down").jump());
        assertEquals(8, s.row("up").rf(), "2x2/2 transposed: each output sees one input");
        assertEquals(1, s.row("up").jump());
        assertEquals(0, s.row("up_again").rf(), "jump 1/2 of an input pixel: not defined");
        assertEquals(0, s.row("after").rf());
    }

    @Test
    void tableHasTheColumnsAndTotals() {
        String table = small().summary().note("BatchNorm: none here").toString();
        String header = table.lines().skip(1).findFirst().orElseThrow();
        for (String column : List.of("layer", "type", "output", "params", "weights", "memory", "RF/jump")) {
            assertTrue(header.contains(column), header);
        }
        String conv1 = table.lines().filter(l -> l.startsWith("conv1 ")).findFirst().orElseThrow();
        for (String cell : List.of("Conv 3x3/1 relu", "[8x8x4]", "112", "108", "256", "3/1")) {
            assertTrue(conv1.contains(cell), conv1);
        }
        assertTrue(table.contains("parameters: 600 total, 600 trainable, 0 non-trainable (0 in frozen layers, 0 BatchNorm"
                + " moving mean/variance); 584 without biases"), table);
        assertTrue(table.contains("forward activations: 572 values"), table);
        assertTrue(table.endsWith("BatchNorm: none here\n"), table);
    }

    @Test
    void compactCountsAsTheCourseWritesThem() {
        assertEquals("150K", Summary.compact(224 * 224 * 3));
        assertEquals("3.2M", Summary.compact(224 * 224 * 64));
        assertEquals("800K", Summary.compact(112 * 112 * 64));
        assertEquals("25K", Summary.compact(7 * 7 * 512));
        assertEquals("4096", Summary.compact(4096));
    }

    @Test
    void unknownRowIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> small().summary().row("conv9"));
        assertTrue(e.getMessage().contains("conv9"), e.getMessage());
    }
}
