package io.transfer4j.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Layer names are API (Keras weights map by name): golden lists written from Keras Applications' naming
 * rules, in Keras's {@code model.layers} order. Keras calls the input {@code input_1}, the DSL {@code input}.
 */
class ZooLayerNamesTest {

    @Test
    void vgg16NamesAndOrderAreKeras() throws IOException {
        List<String> golden = golden("vgg16-keras-layers.txt");
        assertEquals(23, golden.size());
        assertEquals(golden, withKerasInput(Zoo.vgg16().build().layerNames()));
    }

    @Test
    void resnet50NamesAndOrderAreKeras() throws IOException {
        List<String> golden = golden("resnet50-keras-layers.txt");
        assertEquals(177, golden.size());
        assertEquals(golden, withKerasInput(Zoo.resnet50().build().layerNames()));
    }

    @Test
    void headlessResNet50HasKerasNotopLayers() throws IOException {
        List<String> golden = golden("resnet50-keras-layers.txt");
        List<String> notop = withKerasInput(Zoo.resnet50().includeTop(false).build().layerNames());
        assertEquals(175, notop.size());
        assertEquals(golden.subList(0, 175), notop);
    }

    @Test
    void denseNet121HasKerasLayerCountAndNames() {
        // Keras: len(DenseNet121().layers) == 429, 427 without the top
        List<String> names = withKerasInput(Zoo.densenet121().build().layerNames());
        assertEquals(429, names.size());
        assertEquals(List.of("input_1", "zero_padding2d", "conv1/conv", "conv1/bn", "conv1/relu", "zero_padding2d_1", "pool1",
                "conv2_block1_0_bn"), names.subList(0, 8));
        assertEquals(List.of("conv5_block16_concat", "bn", "relu", "avg_pool", "predictions"), names.subList(424, 429));
        assertEquals(List.of("pool4_bn", "pool4_relu", "pool4_conv", "pool4_pool"),
                names.subList(names.indexOf("pool4_bn"), names.indexOf("pool4_bn") + 4));
        assertEquals(427, Zoo.densenet121().includeTop(false).build().layerNames().size());
    }

    private static List<String> withKerasInput(List<String> names) {
        List<String> out = new ArrayList<>(names);
        out.set(out.indexOf("input"), "input_1");
        return out;
    }

    private static List<String> golden(String resource) throws IOException {
        try (InputStream in = ZooLayerNamesTest.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        }
    }
}
