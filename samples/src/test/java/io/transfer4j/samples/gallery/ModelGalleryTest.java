package io.transfer4j.samples.gallery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.transfer4j.dsl.Network;
import io.transfer4j.zoo.Zoo;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/** The galleries run as README shows them, and the Kotlin definitions are the networks they claim to be. */
class ModelGalleryTest {
    @Test
    void kotlinLeNet5IsTheZoosLeNet5() {
        Network kotlin = ModelGalleryKt.lenet5();
        Network zoo = Zoo.lenet5().build();
        assertEquals(61_706, kotlin.parameterCount());
        assertEquals(zoo.layerNames(), kotlin.layerNames());
        assertEquals(zoo.conf().toJson(), kotlin.conf().toJson());
    }

    @Test
    void miniResNetClassifiesA32x32Image() {
        Network net = ModelGalleryKt.miniResNet(10);
        assertTrue(net.layerNames().stream().anyMatch(n -> n.startsWith("stage3_block2_")), net.layerNames().toString());
        assertArrayEquals(new long[] {1, 10}, net.graph().outputSingle(Nd4j.rand(1, 3, 32, 32)).shape());
    }

    @Test
    void bothGalleriesPrintSummaries() {
        String java = capture(() -> ModelGallery.main(new String[] {"lenet5"}));
        assertTrue(java.contains("parameters: 61,706 total"), java);
        String kotlin = capture(() -> ModelGalleryKt.main(new String[] {"lenet5", "mini-resnet", "alexnet"}));
        assertTrue(kotlin.startsWith("lenet5\n") && kotlin.contains("parameters: 61,706 total"), kotlin);
        assertTrue(kotlin.contains("\nmini-resnet\n") && kotlin.contains("stage1_block1_"), kotlin);
        assertTrue(kotlin.contains("parameters: 62,378,344 total"), kotlin);   // AlexNet, from the zoo, per the course listing
    }

    private static String capture(Runnable main) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            main.run();
        } finally {
            System.setOut(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}
