package io.transfer4j.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
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
    void resnet50NamesAreKeras() throws IOException {
        List<String> golden = golden("resnet50-keras-layers.txt");
        assertEquals(177, golden.size());
        List<String> ours = withKerasInput(Zoo.resnet50().build().layerNames());
        // same set of names; the order may differ inside a block (Keras sorts by depth, the DSL by definition)
        assertEquals(new TreeSet<>(golden), new TreeSet<>(ours));
        assertEquals(golden.size(), ours.size());
        assertEquals(golden.subList(0, 7), ours.subList(0, 7));
        assertEquals(golden.subList(golden.size() - 4, golden.size()), ours.subList(ours.size() - 4, ours.size()));
    }

    @Test
    void headlessResNet50HasKerasNotopLayers() throws IOException {
        List<String> golden = golden("resnet50-keras-layers.txt");
        List<String> notop = withKerasInput(Zoo.resnet50().includeTop(false).build().layerNames());
        assertEquals(175, notop.size());
        assertEquals(new TreeSet<>(golden.subList(0, 175)), new TreeSet<>(notop));
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
