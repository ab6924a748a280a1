package io.transfer4j.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Auto-names ({@code <kind><n>} per kind), explicit names, block prefixes, duplicates and unknown names. */
class NamingTest {

    @Test
    void autoNamesCountPerKind() {
        Network net = Network.builder("n").input(16, 16, 3)
                .conv(4, 3).batchNorm().relu().conv(4, 3).batchNorm().relu().maxPool(2).avgPool(2)
                .leakyRelu(0.1).elu().sigmoid().tanh().identity().softmax()
                .depthwiseConv(1, 1).separableConv(2, 1).transposedConv(2, 1).zeroPad(1).lrn()
                .dropout(0.1).globalMaxPool().dense(3).output(2).build();
        assertEquals(List.of("input", "conv1", "bn1", "relu1", "conv2", "bn2", "relu2", "max_pool1", "avg_pool1",
                "leaky_relu1", "elu1", "sigmoid1", "tanh1", "identity1", "softmax1", "dwconv1", "sepconv1", "deconv1",
                "pad1", "lrn1", "dropout1", "global_max_pool1", "dense1", "output1"), net.layerNames());
    }

    @Test
    void explicitNamesAndFormattedNames() {
        Network net = Network.builder("n").input(8, 8, 1)
                .conv(2, 3).name("block%d_conv%d", 1, 2).flatten().name("flat").output(2).name("predictions").build();
        assertEquals(List.of("input", "block1_conv2", "flat", "predictions"), net.layerNames());
        assertEquals(Shape.flat(72), net.shapeOf("flat"));
    }

    @Test
    void blocksPrefixEveryNameSoRepeatsNeverCollide() {
        NetworkBuilder b = Network.builder("n").input(8, 8, 4);
        for (int i = 1; i <= 2; i++) {
            b.block("conv2_block" + i, x -> {
                String in = x.last();
                x.conv(4, 1).name("1_conv").relu().conv(4, 3).same().name("2_conv");
                x.add(in, x.last()).name("add");
            });
        }
        Network net = b.build();
        assertEquals(List.of("input", "conv2_block1_1_conv", "conv2_block1_relu1", "conv2_block1_2_conv", "conv2_block1_add",
                "conv2_block2_1_conv", "conv2_block2_relu1", "conv2_block2_2_conv", "conv2_block2_add"), net.layerNames());
        assertEquals(List.of("conv2_block1_add"), net.conf().getVertexInputs().get("conv2_block2_1_conv"));
    }

    @Test
    void insideABlockFromFindsBlockLocalNamesFirst() {
        Network net = Network.builder("n").input(8, 8, 4)
                .block("b", x -> x.conv(4, 1).name("stem").relu().from("stem").tanh().add("relu1", "tanh1"))
                .build();
        assertEquals(List.of("b_relu1", "b_tanh1"), net.conf().getVertexInputs().get("b_add1"));
        assertEquals(List.of("b_stem"), net.conf().getVertexInputs().get("b_tanh1"));
    }

    @Test
    void duplicateNameIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Network.builder("n").input(8, 8, 1).conv(2, 3).name("c").conv(2, 3).name("c"));
        assertTrue(e.getMessage().contains("duplicate layer name 'c'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Network.builder("n").input(8, 8, 1).conv(2, 3).name("input"));
        IllegalArgumentException twoInputs = assertThrows(IllegalArgumentException.class,
                () -> Network.builder("n").input(8, 8, 1).input(8, 8, 1));
        assertTrue(twoInputs.getMessage().contains("input(\"other\""), twoInputs.getMessage());
    }

    @Test
    void unknownNameSuggestsCloseOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Network.builder("n").input(8, 8, 1).conv(2, 3).name("conv_a").from("conv_b"));
        assertTrue(e.getMessage().contains("no layer named 'conv_b'") && e.getMessage().contains("conv_a"), e.getMessage());
        Network net = Network.builder("n").input(8, 8, 1).conv(2, 3).build();
        assertThrows(IllegalArgumentException.class, () -> net.shapeOf("conv2"));
    }

    @Test
    void optionsAfterFromAreRejectedRatherThanChangingAnEarlierLayer() {
        NetworkBuilder b = Network.builder("n").input(8, 8, 1).conv(2, 3).conv(2, 3).from("conv1");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> b.stride(2));
        assertTrue(e.getMessage().contains("from(\"conv1\")"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> b.name("x"));
    }
}
