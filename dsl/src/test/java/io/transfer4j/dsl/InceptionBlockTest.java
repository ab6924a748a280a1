package io.transfer4j.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class InceptionBlockTest {

    @Test
    void paperInception3aHas163696Parameters() {
        Network net = Network.builder("inc").input(28, 28, 192).inception("inception3a", 64, 96, 128, 16, 32, 32).build();
        long expected = (192 * 64 + 64)            // 1x1
                + (192 * 96 + 96) + (3 * 3 * 96 * 128 + 128)    // 3x3 reduce, 3x3
                + (192 * 16 + 16) + (5 * 5 * 16 * 32 + 32)      // 5x5 reduce, 5x5
                + (192 * 32 + 32);                   // pool projection
        // the classic figure counts biases and has no batch norm, with a true 5x5 branch
        assertEquals(163_696, expected);
        assertEquals(expected, net.parameterCount());
        assertEquals(Shape.image(28, 28, 256), net.outputShape());
        assertEquals("inception3a_concat", net.layerNames().get(net.layerNames().size() - 1));
    }

    @Test
    void torchvisionVariantHasBatchNormAndThreeByThreeWideBranch() {
        Network net = Network.builder("inc").input(28, 28, 192)
                .apply("inception3a", InceptionBlock.of(64, 96, 128, 16, 32, 32).torchvision()).build();
        long convs = 192 * 64 + 192 * 96 + 9 * 96 * 128 + 192 * 16 + 9 * 16 * 32 + 192 * 32;
        long bn = 4L * (64 + 96 + 128 + 16 + 32 + 32);
        assertEquals(convs + bn, net.parameterCount());
        assertEquals(Shape.image(28, 28, 256), net.outputShape());
        assertEquals(Shape.image(28, 28, 32), net.shapeOf("inception3a_branch3_1_relu"));
    }

    @Test
    void keepsSpatialSizeAfterAStrideTwoStem() {
        Network net = Network.builder("inc").input(15, 15, 3).conv(8, 3).stride(2).name("stem")
                .inception("m", 4, 4, 8, 2, 4, 4).build();
        assertEquals(Shape.image(7, 7, 20), net.outputShape());
    }

    @Test
    void smallInceptionNetTrains() {
        Network net = Network.builder("tiny-inception").seed(3).updater(Updaters.sgd(0.05)).input(12, 12, 3)
                .inception("m1", 4, 4, 8, 2, 4, 4)
                .apply("m2", InceptionBlock.of(8, 4, 8, 2, 4, 4).torchvision())
                .globalAvgPool().output(3).build();
        BlockTraining.forwardAndOneStepLowersLoss(net, 3);
    }
}
