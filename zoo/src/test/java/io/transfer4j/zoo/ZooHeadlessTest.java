package io.transfer4j.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.transfer4j.dsl.Network;
import io.transfer4j.dsl.Shape;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** includeTop(false): the model ends at its feature layer, or pools it to a vector of the feature width. */
class ZooHeadlessTest {

    static Stream<String> models() {
        return Zoo.names().stream();
    }

    @ParameterizedTest
    @MethodSource("models")
    void headlessModelEndsAtTheFeatureLayerAndPoolsToItsWidth(String name) {
        ModelInfo info = Zoo.info(name);
        Network notop = Zoo.model(name).includeTop(false).build();
        assertEquals(info.featureLayer(), notop.layerNames().get(notop.layerNames().size() - 1));
        assertFalse(notop.layerNames().contains(info.classifierLayer()), name);
        assertEquals(Shape.flat(info.featureWidth()),
                Zoo.model(name).includeTop(false).pooling(Pooling.AVG).build().outputShape());
        assertEquals(Shape.flat(info.featureWidth()),
                Zoo.model(name).includeTop(false).pooling(Pooling.MAX).build().outputShape());
    }

    @Test
    void featureMapsOfTheImageNetModelsAt224() {
        assertEquals(Shape.image(7, 7, 512), Zoo.vgg16().includeTop(false).build().outputShape());
        assertEquals(Shape.image(7, 7, 2048), Zoo.resnet50().includeTop(false).build().outputShape());
        assertEquals(Shape.image(7, 7, 1024), Zoo.densenet121().includeTop(false).build().outputShape());
        assertEquals(Shape.image(7, 7, 1024), Zoo.googlenet().includeTop(false).build().outputShape());
        assertEquals(Shape.image(6, 6, 256), Zoo.alexnet().includeTop(false).build().outputShape());
        // Keras's feature maps of the four Keras Applications families at their native sizes
        assertEquals(Shape.image(7, 7, 1024), Zoo.mobilenet().includeTop(false).build().outputShape());
        assertEquals(Shape.image(7, 7, 256), Zoo.model("mobilenet-0.25").includeTop(false).build().outputShape());
        assertEquals(Shape.image(7, 7, 1280), Zoo.mobilenetV2().includeTop(false).build().outputShape());
        assertEquals(Shape.image(7, 7, 1792), Zoo.model("mobilenetv2-1.4").includeTop(false).build().outputShape());
        assertEquals(Shape.image(8, 8, 2048), Zoo.inceptionV3().includeTop(false).build().outputShape());
        assertEquals(Shape.image(10, 10, 2048), Zoo.xception().includeTop(false).build().outputShape());
        // another input size, as Keras allows without the top
        assertEquals(Shape.image(5, 5, 2048), Zoo.resnet50().includeTop(false).inputShape(160, 160, 3).build().outputShape());
    }

    @Test
    void avgPooledFeaturesRunForward() {
        INDArray v = Zoo.vgg16().includeTop(false).pooling(Pooling.AVG).inputShape(32, 32, 3).build().graph()
                .outputSingle(Nd4j.rand(new int[] {1, 3, 32, 32}));
        assertArrayEquals(new long[] {1, 512}, v.shape());
        INDArray r = Zoo.resnet50().includeTop(false).pooling(Pooling.AVG).inputShape(64, 64, 3).build().graph()
                .outputSingle(Nd4j.rand(new int[] {1, 3, 64, 64}));
        assertArrayEquals(new long[] {1, 2048}, r.shape());
    }

    @Test
    void newTopHasTheRequestedClassesWithoutAffectingTheBody() {
        Network three = Zoo.resnet50().numClasses(3).inputShape(160, 160, 3).build();
        assertEquals(Shape.flat(3), three.outputShape());
        long body = Zoo.resnet50().includeTop(false).build().parameterCount();
        assertEquals(body + 2048 * 3 + 3, three.parameterCount());
    }

    @Test
    void googLeNetWithTruePaperFiveByFiveBranches() {
        ModelOptions o = Zoo.googlenet().options();
        // torchvision's 3x3 "5x5" branch: 6,624,904 (BN statistics excluded); a true 5x5 adds 16 * reduce * filters per module
        long torch3 = 6_624_904L;
        long extra = 16L * (16 * 32 + 32 * 96 + 16 * 48 + 24 * 64 + 24 * 64 + 32 * 64 + 32 * 128 + 32 * 128 + 48 * 128);
        Network five = GoogLeNet.define(o, 5);
        assertEquals(torch3 + extra, five.summary().trainableParams());
        assertEquals(7_005_832L, torch3 + extra);
    }
}
