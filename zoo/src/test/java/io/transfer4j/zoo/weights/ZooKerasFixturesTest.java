package io.transfer4j.zoo.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.transfer4j.dsl.Network;
import io.transfer4j.dsl.NetworkBuilder;
import io.transfer4j.zoo.Zoo;
import java.util.Arrays;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The four Keras Applications families against fixtures written by zoo/src/test/python/make_zoo_fixtures.py from
 * Keras's source (h5py + numpy, not our code): the full models' layer names and array shapes pair one to one, and
 * the real MobileNet / MobileNetV2 architectures (narrowest alpha, 32×32) and small InceptionV3 / Xception pieces
 * compute what numpy computes with Keras's layouts (depthwise and pointwise kernels, 1×7 / 7×1 kernels, batch
 * norm without scale, epsilon 1e-3).
 */
class ZooKerasFixturesTest {
    private static final double TOL = 1e-4;

    @ParameterizedTest(name = "{0}")
    @CsvSource({"mobilenet, 32", "mobilenetv2, 32", "inceptionv3, 75", "xception, 71"})
    void fullModelLayoutPairsByNameWithKerasShapes(String model, int side) {
        Network net = Zoo.model(model).inputShape(side, side, 3).build();
        LoadReport r = KerasWeightsLoader.check(KerasFixtures.file("zoo/" + model + "_layout.h5"), net, LoadOptions.strict());
        assertTrue(r.complete(), r::toString);
        assertEquals(LoadMode.BY_NAME, r.mode(), r::toString);
        assertTrue(r.mapped().stream().allMatch(m -> m.fileLayer().equals(m.modelLayer())), r::toString);
    }

    @Test
    void everyBatchNormOfTheFourFamiliesHasKerasEpsilon() {
        for (String model : new String[] {"mobilenet", "mobilenetv2", "inceptionv3", "xception"}) {
            var vertices = Zoo.model(model).build().graph().getConfiguration().getVertices().values();
            long bns = vertices.stream().filter(v -> v instanceof LayerVertex lv && lv.getLayerConf().getLayer() instanceof BatchNormalization)
                    .peek(v -> assertEquals(1e-3, ((BatchNormalization) ((LayerVertex) v).getLayerConf().getLayer()).getEps(), model))
                    .count();
            assertTrue(bns > 20, model);
        }
    }

    @Test
    void mobileNetWithItsConvPredsTopComputesAsKeras() {
        var c = KerasFixtures.load("zoo/mobilenet_0.25_32_top5");
        Network net = Zoo.model("mobilenet-0.25").numClasses(5).inputShape(32, 32, 3)
                .weights(KerasFixtures.file("zoo/mobilenet_0.25_32_top5.h5")).build();
        assertClose(c.expected(), net.graph().outputSingle(c.inputNchw()));

        // Keras's own way, by layer order: MobileNet is a chain, so the same pairs
        Network byOrder = Zoo.model("mobilenet-0.25").numClasses(5).inputShape(32, 32, 3).seed(7).build();
        LoadReport r = KerasWeightsLoader.load(KerasFixtures.file("zoo/mobilenet_0.25_32_top5.h5"), byOrder,
                LoadOptions.strict().mode(LoadMode.BY_ORDER));
        assertTrue(r.complete(), r::toString);
        assertClose(c.expected(), byOrder.graph().outputSingle(c.inputNchw()));
    }

    @Test
    void mobileNetV2HeadlessComputesAsKeras() {
        var c = KerasFixtures.load("zoo/mobilenetv2_0.35_32_notop");
        Network net = Zoo.model("mobilenetv2-0.35").includeTop(false).inputShape(32, 32, 3)
                .weights(KerasFixtures.file("zoo/mobilenetv2_0.35_32_notop.h5")).build();
        INDArray nhwc = net.graph().outputSingle(c.inputNchw()).permute(0, 2, 3, 1);
        assertClose(c.expected(), nhwc);
    }

    @Test
    void inceptionPiecesComputeAsKeras() {
        var c = KerasFixtures.load("zoo/inception_block");
        NetworkBuilder b = Network.builder("inception-block").input(13, 11, 3);
        convBn(b, 1, 6, 3, 3, 2, false);
        String x = b.last();
        convBn(b, 2, 5, 1, 7, 1, true);
        String a = convBn(b, 3, 4, 7, 1, 1, true);
        b.from(x).avgPool(3).stride(1).same();
        String p = convBn(b, 4, 3, 1, 1, 1, true);
        Network net = b.concat(a, p).globalAvgPool().output(5).name("predictions").build();
        LoadReport r = KerasWeightsLoader.load(KerasFixtures.file("zoo/inception_block.h5"), net, LoadOptions.strict());
        assertTrue(r.complete(), r::toString);
        assertClose(c.expected(), net.graph().outputSingle(c.inputNchw()));
    }

    private static String convBn(NetworkBuilder b, int i, int filters, int kh, int kw, int stride, boolean same) {
        b.conv(filters, kh, kw).stride(stride).noBias().name("conv2d_%d", i);
        if (same) {
            b.same();
        }
        return b.batchNorm().noScale().name("batch_normalization_%d", i).relu().last();
    }

    @Test
    void xceptionPiecesComputeAsKeras() {
        var c = KerasFixtures.load("zoo/xception_block");
        NetworkBuilder b = Network.builder("xception-block").input(13, 11, 3)
                .conv(4, 3).stride(2).noBias().name("block1_conv1").batchNorm().name("block1_conv1_bn").relu();
        String x = b.last();
        String shortcut = b.conv(6, 1).stride(2).same().noBias().name("conv2d_1").batchNorm().name("batch_normalization_1").last();
        b.from(x).separableConv(5, 3).same().noBias().name("block2_sepconv1").batchNorm().name("block2_sepconv1_bn").relu()
                .separableConv(6, 3).same().noBias().name("block2_sepconv2").batchNorm().name("block2_sepconv2_bn")
                .maxPool(3).stride(2).same();
        String sum = b.add(b.last(), shortcut).last();
        b.relu().separableConv(6, 3).same().noBias().name("block5_sepconv1").batchNorm().name("block5_sepconv1_bn");
        Network net = b.add(b.last(), sum).globalAvgPool().output(5).name("predictions").build();
        LoadReport r = KerasWeightsLoader.load(KerasFixtures.file("zoo/xception_block.h5"), net, LoadOptions.strict());
        assertTrue(r.complete(), r::toString);
        assertClose(c.expected(), net.graph().outputSingle(c.inputNchw()));
    }

    @Test
    void strictLoadIntoAnotherWidthNamesTheLayerAndBothShapes() {
        Network half = Zoo.model("mobilenet-0.5").numClasses(5).inputShape(32, 32, 3).build();
        WeightLoadException e = assertThrows(WeightLoadException.class, () ->
                KerasWeightsLoader.load(KerasFixtures.file("zoo/mobilenet_0.25_32_top5.h5"), half, LoadOptions.strict()));
        assertTrue(e.getMessage().contains("conv1") && e.getMessage().contains("(3, 3, 3, 8)")
                && e.getMessage().contains("(3, 3, 3, 16)"), e.getMessage());
    }

    private static void assertClose(INDArray expected, INDArray actual) {
        assertEquals(Arrays.toString(expected.shape()), Arrays.toString(actual.shape()));
        double scale = Math.max(1, expected.amaxNumber().doubleValue());
        double diff = expected.castTo(actual.dataType()).sub(actual).amaxNumber().doubleValue();
        assertTrue(diff < TOL * scale, "max difference " + diff + " (scale " + scale + ")");
    }
}
