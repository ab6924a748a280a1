package io.transfer4j.dsl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class BlockTest {

    /** A user block: conv-BN-ReLU whose width is a parameter, stride 1 or 2. */
    static Block convBnRelu(int filters, int stride) {
        return b -> b.conv(filters, 3).stride(stride).same().noBias().name("conv")
                .batchNorm().name("bn").relu().name("relu");
    }

    @Test
    void userBlockUsedTwiceIsNamedByItsPrefix() {
        Network net = Network.builder("user").input(16, 16, 3)
                .apply("unit1", convBnRelu(8, 1)).apply("unit2", convBnRelu(16, 2)).build();
        assertEquals(List.of("input", "unit1_conv", "unit1_bn", "unit1_relu", "unit2_conv", "unit2_bn", "unit2_relu"),
                net.layerNames());
        assertEquals(Shape.image(16, 16, 8), net.shapeOf("unit1_relu"));
        assertEquals(Shape.image(8, 8, 16), net.outputShape());
        assertEquals(3 * 9 * 8 + 4 * 8 + 8 * 9 * 16 + 4 * 16, net.parameterCount());
    }

    @Test
    void blocksNestAndSameBlockTwiceUnderOnePrefixCollides() {
        Block pair = b -> b.apply("a", convBnRelu(4, 1)).apply("b", convBnRelu(4, 1));
        Network net = Network.builder("nested").input(8, 8, 3).apply("stage1", pair).build();
        assertTrue(net.layerNames().contains("stage1_b_bn"), net.layerNames().toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Network.builder("dup").input(8, 8, 3).apply("u", convBnRelu(4, 1)).apply("u", convBnRelu(4, 1)));
        assertTrue(e.getMessage().contains("duplicate layer name 'u_conv'"), e.getMessage());
    }

    @Test
    void branchesOfAnyLengthMergeByMultiplyAddAndConcat() {
        // a gated unit: features times a sigmoid gate computed by a two-layer branch, plus the input
        Block gated = b -> {
            String in = b.last();
            b.conv(8, 3).same().name("features");
            String features = b.last();
            b.from(in).conv(4, 1).name("gate_reduce").relu().name("gate_relu").conv(8, 1).name("gate_expand")
                    .sigmoid().name("gate");
            b.multiply(features, b.last()).name("gated");
            b.add(in, b.last()).name("add");
            b.concat(in, b.last()).name("concat");
        };
        Network net = Network.builder("gated").input(6, 6, 8).apply("g1", gated).build();
        assertEquals(Shape.image(6, 6, 8), net.shapeOf("g1_gated"));
        assertEquals(Shape.image(6, 6, 16), net.outputShape());
        assertEquals(8 * 9 * 8 + 8 + 8 * 4 + 4 + 4 * 8 + 8, net.parameterCount());
        assertArrayEquals(new long[] {2, 16, 6, 6}, net.graph().outputSingle(Nd4j.rand(new int[] {2, 8, 6, 6})).shape());
    }

    @Test
    void addOfMismatchedShapesFailsAtBuildNamingBothInputs() {
        NetworkBuilder b = Network.builder("mismatch").input(8, 8, 3);
        b.conv(4, 3).same().name("left");
        b.from("input").conv(6, 3).same().name("right");
        b.add("left", "right").name("join");
        ShapeException e = assertThrows(ShapeException.class, b::build);
        assertTrue(e.getMessage().contains("'join'"), e.getMessage());
        assertTrue(e.getMessage().contains("'left' is 8x8x4") && e.getMessage().contains("'right' is 8x8x6"), e.getMessage());
    }

    @Test
    void smallNetFromUserBlocksTrains() {
        Network net = Network.builder("user-net").seed(11).updater(Updaters.sgd(0.05)).input(12, 12, 3)
                .apply("u1", convBnRelu(8, 1)).apply("u2", convBnRelu(8, 2))
                .globalAvgPool().output(3).build();
        BlockTraining.forwardAndOneStepLowersLoss(net, 3);
    }
}
