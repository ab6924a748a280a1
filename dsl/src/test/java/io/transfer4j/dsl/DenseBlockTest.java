package io.transfer4j.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class DenseBlockTest {

    @Test
    void denseNet121FirstBlockHasHandCountedParametersAnd256Channels() {
        Network net = Network.builder("dense").input(56, 56, 64).denseBlock("conv2", 6, 32).build();
        long expected = 0;
        for (int i = 0; i < 6; i++) {
            long c = 64 + 32L * i;              // channels entering layer i+1
            expected += 4 * c                   // 0_bn
                    + c * 128                   // 1_conv 1x1 -> 4k, no bias
                    + 4 * 128                   // 1_bn
                    + 3 * 3 * 128 * 32;         // 2_conv 3x3 -> k, no bias
        }
        assertEquals(338_304, expected);
        assertEquals(expected, net.parameterCount());
        assertEquals(Shape.image(56, 56, 256), net.outputShape());
        assertEquals(List.of("input", "conv2_block1_0_bn", "conv2_block1_0_relu", "conv2_block1_1_conv", "conv2_block1_1_bn",
                "conv2_block1_1_relu", "conv2_block1_2_conv", "conv2_block1_concat"), net.layerNames().subList(0, 8));
        assertEquals("conv2_block6_concat", net.layerNames().get(net.layerNames().size() - 1));
    }

    @Test
    void transitionHalvesChannelsAndSize() {
        Network net = Network.builder("dense").input(56, 56, 256).transition("pool2", 0.5).build();
        assertEquals(Shape.image(28, 28, 128), net.outputShape());
        assertEquals(4 * 256 + 256 * 128, net.parameterCount());
        assertEquals(List.of("input", "pool2_bn", "pool2_relu", "pool2_conv", "pool2_pool"), net.layerNames());
        assertEquals(Shape.image(3, 3, 7), Network.builder("odd").input(7, 7, 15).transition("t", 0.5).build().outputShape());
    }

    @Test
    void denseBlockAfterStrideTwoKeepsSize() {
        Network net = Network.builder("dense").input(16, 16, 3).conv(8, 3).stride(2).same().name("stem")
                .denseBlock("d", 2, 4).build();
        assertEquals(Shape.image(8, 8, 16), net.outputShape());
    }

    @Test
    void badCompressionIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TransitionBlock.of(1.5));
        assertEquals("transition compression must be in (0, 1], got 1.5", e.getMessage());
    }

    @Test
    void smallDenseNetTrains() {
        Network net = Network.builder("tiny-densenet").seed(5).updater(Updaters.sgd(0.05)).input(16, 16, 3)
                .conv(8, 3).same().noBias().name("stem")
                .denseBlock("d1", 2, 4).transition("t1", 0.5).denseBlock("d2", 2, 4)
                .globalAvgPool().output(3).build();
        BlockTraining.forwardAndOneStepLowersLoss(net, 3);
    }
}
