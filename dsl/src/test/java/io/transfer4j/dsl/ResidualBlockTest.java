package io.transfer4j.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ResidualBlockTest {

    private static Network on(Shape in, Block block) {
        return Network.builder("res").input(in.height(), in.width(), in.channels()).apply("conv2_block1", block).build();
    }

    @Test
    void keras50FirstBottleneckWithProjectionHasHandCountedParameters() {
        Network net = Network.builder("res").input(56, 56, 64).bottleneck("conv2_block1", 64, 1).build();
        long conv = 0;
        conv += 64 * 256 + 256;          // 0_conv: 1x1 shortcut projection 64 -> 256, bias
        conv += 64 * 64 + 64;            // 1_conv: 1x1 64 -> 64
        conv += 3 * 3 * 64 * 64 + 64;    // 2_conv: 3x3 64 -> 64
        conv += 64 * 256 + 256;          // 3_conv: 1x1 64 -> 256
        long bn = 4L * (256 + 64 + 64 + 256);   // gamma, beta, moving mean, moving variance per channel (Keras counts all four)
        assertEquals(76_928, conv + bn);
        assertEquals(conv + bn, net.parameterCount());
        assertEquals(Shape.image(56, 56, 256), net.outputShape());
        // Keras's model.layers order (by depth): the shortcut's conv and BN sit beside the main path's last ones
        assertEquals(List.of("input", "conv2_block1_1_conv", "conv2_block1_1_bn", "conv2_block1_1_relu",
                "conv2_block1_2_conv", "conv2_block1_2_bn", "conv2_block1_2_relu", "conv2_block1_0_conv",
                "conv2_block1_3_conv", "conv2_block1_0_bn", "conv2_block1_3_bn", "conv2_block1_add", "conv2_block1_out"),
                net.layerNames());
    }

    @Test
    void identityBottleneckHasNoShortcutLayers() {
        Network net = Network.builder("res").input(56, 56, 256).bottleneck("conv2_block2", 64, 1).build();
        long expected = (256 * 64 + 64) + (9 * 64 * 64 + 64) + (64 * 256 + 256) + 4L * (64 + 64 + 256);
        assertEquals(71_552, expected);
        assertEquals(expected, net.parameterCount());
        assertTrue(net.layerNames().stream().noneMatch(n -> n.contains("_0_")), net.layerNames().toString());
        assertEquals(Shape.image(56, 56, 256), net.outputShape());
    }

    @Test
    void strideTwoHalvesAndProjects() {
        assertEquals(Shape.image(28, 28, 512), on(Shape.image(56, 56, 256), ResidualBlock.bottleneck(128).stride(2)).outputShape());
        assertEquals(Shape.image(28, 28, 512), on(Shape.image(56, 56, 256), ResidualBlock.bottleneck(128).stride(2)).shapeOf("conv2_block1_0_bn"));
        assertEquals(Shape.image(28, 28, 128), on(Shape.image(56, 56, 64), ResidualBlock.basic(128).stride(2)).outputShape());
        assertEquals(Shape.image(56, 56, 64), on(Shape.image(56, 56, 64), ResidualBlock.basic(64)).outputShape());
        // odd sizes: explicit padding 1 as torchvision, 7 -> 4
        assertEquals(Shape.image(4, 4, 32), on(Shape.image(7, 7, 16), ResidualBlock.basic(32).stride(2)).outputShape());
    }

    @Test
    void basicBlockWithoutBiasMatchesTorchvisionCount() {
        // torchvision layer2[0] of ResNet18: conv 3x3 64->128 /2, conv 3x3 128->128, downsample 1x1 64->128 + BN
        Network net = on(Shape.image(56, 56, 64), ResidualBlock.basic(128).stride(2));
        long weights = 9 * 64 * 128 + 9 * 128 * 128 + 64 * 128;
        long bn = 4L * 128 * 3;
        assertEquals(weights + bn, net.parameterCount());
    }

    @Test
    void forcedIdentityWithStrideFailsNamingBothInputs() {
        ShapeException e = assertThrows(ShapeException.class,
                () -> on(Shape.image(8, 8, 16), ResidualBlock.basic(16).stride(2).projection(false)));
        assertTrue(e.getMessage().contains("'input'") && e.getMessage().contains("'conv2_block1_2_bn'"), e.getMessage());
        assertTrue(e.getMessage().contains("conv2_block1_add"), e.getMessage());
    }

    @Test
    void smallResNetTrains() {
        Network net = Network.builder("tiny-resnet").seed(1).updater(Updaters.sgd(0.05)).input(16, 16, 3)
                .conv(8, 3).same().name("stem")
                .residual("a", 8, 1).residual("b", 16, 2)
                .bottleneck("c", 4, 1)
                .globalAvgPool().output(3).build();
        assertEquals(Shape.image(8, 8, 16), net.shapeOf("c_out"));
        BlockTraining.forwardAndOneStepLowersLoss(net, 3);
    }
}
