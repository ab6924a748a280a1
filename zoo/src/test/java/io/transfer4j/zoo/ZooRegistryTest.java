package io.transfer4j.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.transfer4j.dsl.Network;
import io.transfer4j.dsl.Shape;
import io.transfer4j.dsl.Summary;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** One suite over the whole registry: every model builds, has the published size, unique names, and runs. */
class ZooRegistryTest {

    /**
     * Published parameter counts with the 1000-class (or native) top. Keras counts BN's moving mean and
     * variance, as DL4J does; torchvision does not (they are buffers), so for those models the figure is
     * compared with the count minus the BN running statistics.
     */
    private record Expected(long params, boolean torchConvention, Shape forwardInput) {
    }

    private static final Map<String, Expected> TABLE = Map.ofEntries(
            Map.entry("lenet5", new Expected(61_706L, false, null)),
            Map.entry("lab-cnn", new Expected(1_199_882L, false, null)),
            Map.entry("alexnet", new Expected(62_378_344L, false, null)),
            Map.entry("googlenet", new Expected(6_624_904L, true, null)),
            Map.entry("densenet121", new Expected(8_062_504L, false, null)),
            Map.entry("vgg16", new Expected(138_357_544L, false, null)),
            Map.entry("vgg19", new Expected(143_667_240L, false, Shape.image(64, 64, 3))),
            Map.entry("resnet18", new Expected(11_689_512L, true, null)),
            Map.entry("resnet34", new Expected(21_797_672L, true, null)),
            Map.entry("resnet50", new Expected(25_636_712L, false, null)),
            Map.entry("resnet101", new Expected(44_707_176L, false, Shape.image(32, 32, 3))),
            Map.entry("resnet152", new Expected(60_419_944L, false, Shape.image(32, 32, 3))),
            // Keras's figures (model.count_params() with the 1000-class top)
            Map.entry("mobilenet", new Expected(4_253_864L, false, Shape.image(64, 64, 3))),
            Map.entry("mobilenet-0.75", new Expected(2_601_976L, false, Shape.image(32, 32, 3))),
            Map.entry("mobilenet-0.5", new Expected(1_342_536L, false, Shape.image(32, 32, 3))),
            Map.entry("mobilenet-0.25", new Expected(475_544L, false, Shape.image(32, 32, 3))),
            Map.entry("mobilenetv2", new Expected(3_538_984L, false, Shape.image(64, 64, 3))),
            Map.entry("mobilenetv2-0.35", new Expected(1_691_208L, false, Shape.image(32, 32, 3))),
            Map.entry("mobilenetv2-0.5", new Expected(1_987_224L, false, Shape.image(32, 32, 3))),
            Map.entry("mobilenetv2-0.75", new Expected(2_663_064L, false, Shape.image(32, 32, 3))),
            Map.entry("mobilenetv2-1.3", new Expected(5_431_048L, false, Shape.image(32, 32, 3))),
            Map.entry("mobilenetv2-1.4", new Expected(6_156_712L, false, Shape.image(32, 32, 3))),
            Map.entry("inceptionv3", new Expected(23_851_784L, false, Shape.image(75, 75, 3))),
            Map.entry("xception", new Expected(22_910_480L, false, Shape.image(71, 71, 3))));

    static Stream<String> models() {
        return Zoo.names().stream();
    }

    @Test
    void everyRegisteredModelHasAnExpectedSizeAndViceVersa() {
        assertEquals(new HashSet<>(TABLE.keySet()), new HashSet<>(Zoo.names()));
    }

    @ParameterizedTest
    @MethodSource("models")
    void parameterCountMatchesThePublishedFigure(String name) {
        Network net = Zoo.model(name).build();   // configuration only: nothing allocated
        Expected e = TABLE.get(name);
        // torchvision quotes the trainable count (BN running statistics are buffers there); Keras the total
        long count = e.torchConvention() ? net.summary().trainableParams() : net.parameterCount();
        assertEquals(e.params(), count, name);
    }

    /** Keras's model.summary() figures: BN moving mean and variance are its non-trainable parameters. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"mobilenet, 4231976, 21888", "mobilenetv2, 3504872, 34112", "inceptionv3, 23817352, 34432",
        "xception, 22855952, 54528"})
    void trainableAndNonTrainableCountsAreKeras(String name, long trainable, long nonTrainable) {
        Summary s = Zoo.model(name).build().summary();
        assertEquals(trainable, s.trainableParams(), name);
        assertEquals(nonTrainable, s.nonTrainableParams(), name);
        assertEquals(Zoo.model(name).build().parameterCount(), s.totalParams());
    }

    @ParameterizedTest
    @MethodSource("models")
    void layerNamesAreUniqueAndMetadataPointsAtRealLayers(String name) {
        Network net = Zoo.model(name).build();
        List<String> names = net.layerNames();
        assertEquals(names.size(), new HashSet<>(names).size(), "duplicate names in " + name);
        ModelInfo info = Zoo.info(name);
        assertEquals(Shape.flat(info.numClasses()), net.shapeOf(info.classifierLayer()));
        assertEquals(info.featureWidth(), net.shapeOf(info.featureLayer()).channels());
        assertTrue(net.shapeOf(info.featureLayer()).image(), info.featureLayer());
        assertEquals(info.inputShape(), net.inputShapes().get(0));
        assertEquals(info.inputShape().height(), info.preprocessing().height());
        assertEquals(info.inputShape().channels(), info.preprocessing().channels());
    }

    @ParameterizedTest
    @MethodSource("models")
    void forwardPassOfOneRandomImage(String name) {
        ModelInfo info = Zoo.info(name);
        // the largest models run at a smaller size (same layers, far less work); the rest at their native size
        Shape in = TABLE.get(name).forwardInput() != null ? TABLE.get(name).forwardInput() : info.inputShape();
        Network net = Zoo.model(name).inputShape(in.height(), in.width(), in.channels()).build();
        ComputationGraph g = net.graph();
        INDArray y = g.outputSingle(Nd4j.rand(new int[] {1, in.channels(), in.height(), in.width()}));
        assertArrayEquals(new long[] {1, info.numClasses()}, y.shape());
        assertEquals(1.0, y.sumNumber().doubleValue(), 1e-4, "softmax output sums to 1");
    }
}
