package io.transfer4j.zoo.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.transfer4j.dsl.Network;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Loads h5py-written Keras fixtures into DSL networks and compares with numpy's forward pass. */
class KerasWeightsLoaderTest {
    private static final double TOL = 1e-5;

    /** conv 3x2 (3→3 ch) → BN → relu → flatten → fc1 relu → predictions softmax, on a 6x7x3 input. */
    static Network convBnDense() {
        return Network.builder("fixture").seed(1).input(6, 7, 3)
                .conv(3, 3, 2).name("conv_a")
                .batchNorm().name("bn_a").eps(1e-3)
                .relu()
                .flatten()
                .dense(5).act(Activation.RELU).name("fc1")
                .output(4).name("predictions")
                .build();
    }

    @Test
    void newStyleFileLoadsByNameAndComputesWhatKerasComputes() {
        var c = KerasFixtures.load("conv_bn_dense");
        Network net = convBnDense();
        LoadReport r = KerasWeightsLoader.load(KerasFixtures.file("conv_bn_dense_new.h5"), net, LoadOptions.strict());
        assertEquals(LoadMode.BY_NAME, r.mode());
        assertTrue(r.complete(), r::toString);
        assertEquals(4, r.mapped().size());
        assertEquals(10, r.arrays());
        assertClose(c.expected(), net.graph().outputSingle(c.inputNchw()));
    }

    @Test
    void oldStyleFileWithOtherLayerNamesLoadsByOrder() {
        var c = KerasFixtures.load("conv_bn_dense");
        Network net = convBnDense();
        LoadReport r = KerasWeightsLoader.load(KerasFixtures.file("conv_bn_dense_old.h5"), net, LoadOptions.strict());
        assertEquals(LoadMode.BY_ORDER, r.mode(), "no file layer name matches, so AUTO pairs by order");
        assertEquals("convolution2d_1", r.mapped().get(0).fileLayer());
        assertEquals("conv_a", r.mapped().get(0).modelLayer());
        assertClose(c.expected(), net.graph().outputSingle(c.inputNchw()));
    }

    @Test
    void wholeModelFileKeepsItsWeightsUnderModelWeights() {
        var c = KerasFixtures.load("conv_bn_dense");
        Network net = convBnDense();
        LoadReport r = KerasWeightsLoader.load(KerasFixtures.file("conv_bn_dense_whole_model.h5"), net, LoadOptions.strict());
        assertTrue(r.complete(), r::toString);
        assertClose(c.expected(), net.graph().outputSingle(c.inputNchw()));
    }

    /** Keras splits long attributes into layer_names0, layer_names1...; arrays may be float64. */
    @Test
    void chunkedLayerNamesAndFloat64Arrays() {
        var c = KerasFixtures.load("conv_bn_dense");
        Network net = convBnDense();
        LoadReport r = KerasWeightsLoader.load(KerasFixtures.file("conv_bn_dense_chunked_f64.h5"), net, LoadOptions.strict());
        assertTrue(r.complete(), r::toString);
        assertClose(c.expected(), net.graph().outputSingle(c.inputNchw()));
    }

    /** keras-applications' ResNet50 file calls its classifier 'probs': AUTO pairs by order, as Keras does. */
    @Test
    void renamedLayerIsPairedByOrderAndReported() {
        var c = KerasFixtures.load("conv_bn_dense");
        Network net = convBnDense();
        LoadReport r = KerasWeightsLoader.load(KerasFixtures.file("conv_bn_dense_renamed_head.h5"), net, LoadOptions.strict());
        assertEquals(LoadMode.BY_ORDER, r.mode());
        assertTrue(r.complete(), r::toString);
        assertTrue(r.notes().get(0).contains("probs -> predictions"), r::toString);
        assertClose(c.expected(), net.graph().outputSingle(c.inputNchw()));
        // by name alone it cannot be complete
        assertEquals(List.of("probs"), KerasWeightsLoader.check(KerasFixtures.file("conv_bn_dense_renamed_head.h5"), convBnDense(),
                LoadOptions.strict().mode(LoadMode.BY_NAME)).unexpected());
    }

    /** Keras's DenseNet names layers conv1/conv, conv1/bn; h5py stores them as nested groups. */
    @Test
    void layerNamesWithSlashes() {
        var c = KerasFixtures.load("conv_bn_dense");
        Network net = Network.builder("slash").seed(1).input(6, 7, 3)
                .conv(3, 3, 2).name("conv1/conv").batchNorm().name("conv1/bn").eps(1e-3).relu().name("conv1/relu")
                .flatten().dense(5).act(Activation.RELU).name("fc1").output(4).name("predictions").build();
        LoadReport r = KerasWeightsLoader.load(KerasFixtures.file("conv_bn_dense_slash_names.h5"), net, LoadOptions.strict());
        assertEquals(LoadMode.BY_NAME, r.mode());
        assertTrue(r.complete(), r::toString);
        assertClose(c.expected(), net.graph().outputSingle(c.inputNchw()));
    }

    @Test
    void explicitByOrderOnANewStyleFile() {
        var c = KerasFixtures.load("conv_bn_dense");
        Network net = convBnDense();
        LoadReport r = KerasWeightsLoader.load(KerasFixtures.file("conv_bn_dense_new.h5"), net,
                LoadOptions.strict().mode(LoadMode.BY_ORDER));
        assertEquals(LoadMode.BY_ORDER, r.mode());
        assertClose(c.expected(), net.graph().outputSingle(c.inputNchw()));
    }

    @Test
    void depthwiseAndSeparableKernels() {
        var c = KerasFixtures.load("depthwise_separable");
        Network net = Network.builder("dw").seed(1).input(7, 6, 3)
                .depthwiseConv(3, 2).name("dw").act(Activation.RELU)
                .separableConv(4, 3).name("sep").act(Activation.RELU)
                .globalAvgPool()
                .dense(3).name("logits")
                .build();
        LoadReport r = KerasWeightsLoader.load(KerasFixtures.file("depthwise_separable.h5"), net, LoadOptions.strict());
        assertTrue(r.complete(), r::toString);
        assertClose(c.expected(), net.graph().outputSingle(c.inputNchw()));
    }

    @Test
    void lenientLoadSkipsANewHeadAndReportsIt() {
        var c = KerasFixtures.load("conv_bn_dense");
        Network ref = convBnDense();
        KerasWeightsLoader.load(KerasFixtures.file("conv_bn_dense_new.h5"), ref, LoadOptions.strict());
        Network net = Network.builder("fixture").seed(1).input(6, 7, 3)
                .conv(3, 3, 2).name("conv_a").batchNorm().name("bn_a").relu().flatten()
                .dense(5).act(Activation.RELU).name("fc1")
                .output(7).name("predictions")          // a new head for 7 classes
                .build();
        LoadReport r = KerasWeightsLoader.load(KerasFixtures.file("conv_bn_dense_new.h5"), net, LoadOptions.lenient());
        assertEquals(3, r.mapped().size());
        assertEquals(1, r.mismatched().size());
        assertTrue(r.mismatched().get(0).detail().contains("(5, 4)") && r.mismatched().get(0).detail().contains("(5, 7)"),
                r::toString);
        assertClose(ref.graph().getLayer("fc1").getParam("W"), net.graph().getLayer("fc1").getParam("W"));
    }

    @Test
    void checkPairsWithoutTouchingTheModel() {
        Network net = convBnDense();
        INDArray before = net.graph().params().dup();
        LoadReport r = KerasWeightsLoader.check(KerasFixtures.file("conv_bn_dense_new.h5"), net, LoadOptions.strict());
        assertTrue(r.complete());
        assertEquals(before, net.graph().params());
    }

    static void assertClose(INDArray expected, INDArray actual) {
        assertEquals(java.util.Arrays.toString(expected.shape()), java.util.Arrays.toString(actual.shape()));
        double diff = expected.castTo(actual.dataType()).sub(actual).amaxNumber().doubleValue();
        assertTrue(diff < TOL, "max difference " + diff + "\nexpected " + expected + "\nactual   " + actual);
    }
}
