package io.transfer4j.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.transfer4j.dsl.Network;
import io.transfer4j.dsl.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Argument errors of the zoo's one contract are clear and say how to fix them. */
class ModelBuilderTest {

    private static String error(Class<? extends Throwable> type, Executable call) {
        return assertThrows(type, call).getMessage();
    }

    @Test
    void unknownModelListsCloseMatches() {
        String m = error(IllegalArgumentException.class, () -> Zoo.model("resnet5"));
        assertTrue(m.contains("no zoo model named 'resnet5'") && m.contains("close matches: [resnet50"), m);
        assertEquals(Zoo.info("resnet50"), Zoo.model(" ResNet50 ").info());
    }

    @Test
    void imageNetWeightsWithATopOfOtherClassesAreRefusedSayingWhy() {
        String m = error(IllegalArgumentException.class,
                () -> Zoo.resnet50().numClasses(3).weights("imagenet").build());
        assertTrue(m.contains("resnet50") && m.contains("numClasses 1000") && m.contains("got 3")
                && m.contains("includeTop(false)"), m);
    }

    @Test
    void imageNetWeightsWithATopNeedTheNativeSize() {
        String m = error(IllegalArgumentException.class,
                () -> Zoo.vgg16().inputShape(160, 160, 3).weights("imagenet").build());
        assertTrue(m.contains("224x224x3") && m.contains("160x160x3"), m);
        m = error(IllegalArgumentException.class,
                () -> Zoo.vgg16().includeTop(false).inputShape(160, 160, 1).weights("imagenet").build());
        assertTrue(m.contains("3 input channels"), m);
    }

    @Test
    void modelsWithoutImageNetTrainingRefuseImageNetWeights() {
        String m = error(IllegalArgumentException.class, () -> Zoo.lenet5().weights("imagenet").build());
        assertTrue(m.contains("lenet5 has no ImageNet weights"), m);
    }

    @Test
    void validWeightRequestReachesTheLoadingStep(@org.junit.jupiter.api.io.TempDir java.nio.file.Path home) {
        // an offline, empty cache: the request gets as far as fetching the headless tag's file
        var cache = new io.transfer4j.zoo.weights.ModelCache(io.transfer4j.zoo.weights.CacheSettings.fromEnvironment()
                .withHome(home).withOffline(true));
        String m = error(io.transfer4j.zoo.weights.WeightsException.class,
                () -> Zoo.resnet50().includeTop(false).pooling(Pooling.AVG).numClasses(3).inputShape(160, 160, 3)
                        .weights("imagenet").cache(cache).build());
        assertTrue(m.contains("resnet50:imagenet-notop is not in the transfer4j cache and offline mode is on"), m);
    }

    @Test
    void poolingWithTheTopIsRefused() {
        String m = error(IllegalArgumentException.class, () -> Zoo.vgg16().pooling(Pooling.AVG).build());
        assertTrue(m.contains("includeTop(false)"), m);
    }

    @Test
    void tooSmallInputNamesTheModelAndTheLayer() {
        String m = error(IllegalArgumentException.class, () -> Zoo.alexnet().inputShape(32, 32, 3).build());
        assertTrue(m.startsWith("alexnet cannot take input 32x32x3 (native 227x227x3)"), m);
        assertTrue(m.contains("layer '"), m);
    }

    /** Keras's smallest InceptionV3 input is 75×75; one pixel less leaves nothing for the second grid reduction. */
    @Test
    void inceptionBelowKerasMinimumNamesTheModelAndTheLayer() {
        String m = error(IllegalArgumentException.class, () -> Zoo.inceptionV3().includeTop(false).inputShape(74, 74, 3).build());
        assertTrue(m.startsWith("inceptionv3 cannot take input 74x74x3 (native 299x299x3)") && m.contains("layer '"), m);
        assertEquals(Shape.image(1, 1, 2048), Zoo.inceptionV3().includeTop(false).inputShape(75, 75, 3).build().outputShape());
    }

    @Test
    void badArgumentsAreRefusedEarly() {
        assertTrue(error(IllegalArgumentException.class, () -> Zoo.vgg16().numClasses(0)).contains("numClasses must be >= 1"));
        assertTrue(error(IllegalArgumentException.class, () -> Zoo.vgg16().inputShape(0, 224, 3)).contains("positive"));
        assertTrue(error(IllegalArgumentException.class, () -> Zoo.vgg16().weights(" ")).contains("\"none\""));
    }

    @Test
    void optionsDefaultToTheModelsNativeSetting() {
        ModelOptions o = Zoo.lenet5().options();
        assertEquals(new ModelOptions(true, Pooling.NONE, 10, Shape.image(32, 32, 1), 42), o);
        Network small = Zoo.labCnn().numClasses(5).seed(7).build();
        assertEquals(Shape.flat(5), small.outputShape());
    }

    @Test
    void userModelsCanBeRegisteredOnceByName() {
        ModelInfo info = new ModelInfo("tiny-test-net", Shape.image(8, 8, 1), 2, "predictions", "conv", 4,
                Preprocessing.unit(8, 8, 1));
        Architecture arch = o -> Heads.finish(Heads.start("tiny-test-net", o).conv(4, 3).name("conv"), o,
                b -> b.flatten().output(o.numClasses()).name("predictions"));
        Zoo.register(info, arch);
        try {
            assertEquals(Shape.flat(2), Zoo.model("tiny-test-net").build().outputShape());
            assertTrue(error(IllegalArgumentException.class, () -> Zoo.register(info, arch)).contains("already registered"));
        } finally {
            Zoo.unregister("tiny-test-net");
        }
    }
}
