package io.transfer4j.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Parameter counts worked out by hand (Keras's formulas), checked on the configuration and on the allocated graph. */
class ParameterCountTest {

    private static void assertParams(long expected, Network net) {
        assertEquals(expected, net.parameterCount(), net.name() + " (configuration)");
        assertEquals(expected, net.graph().numParams(), net.name() + " (allocated)");
    }

    @Test
    void convIsKernelTimesInChannelsPlusBiasPerFilter() {
        assertParams(4 * (3 * 3 * 3 + 1), Network.builder("seed003").input(32, 32, 3).conv(4, 3).build());
        assertParams(4 * 3 * 3 * 3, Network.builder("nobias").input(32, 32, 3).conv(4, 3).noBias().build());
        assertParams(32 * (64 + 1), Network.builder("1x1").input(56, 56, 64).conv(32, 1).build());
        assertParams(5 * (3 * 7 * 2 + 1), Network.builder("3x7").input(20, 20, 2).conv(5, 3, 7).build());
    }

    @Test
    void dilationAndStrideDoNotChangeTheCount() {
        assertParams(8 * (3 * 3 * 4 + 1), Network.builder("d").input(20, 20, 4).conv(8, 3).dilation(2).stride(2).same().build());
    }

    @Test
    void depthwiseHasOneKernelPerChannelAndMultiplier() {
        // Keras DepthwiseConv2D(3, depth_multiplier=2) on 6 channels: 3*3*6*2 weights + 12 biases.
        assertParams(3 * 3 * 6 * 2 + 12, Network.builder("dw").input(10, 10, 6).depthwiseConv(3, 2).build());
    }

    @Test
    void separableIsDepthwisePlusPointwise() {
        // Keras SeparableConv2D(16, 3) on 6 channels: 3*3*6 depthwise + 6*16 pointwise + 16 biases = 166.
        Network net = Network.builder("sep").input(10, 10, 6).separableConv(16, 3).build();
        assertParams(3 * 3 * 6 + 6 * 16 + 16, net);
        Map<String, INDArray> p = net.graph().paramTable();
        assertEquals(54, p.get("sepconv1_W").length());
        assertEquals(96, p.get("sepconv1_pW").length());
    }

    @Test
    void transposedConvCountsLikeAConvFromOutToIn() {
        // Keras Conv2DTranspose(5, 4) on 3 channels: 4*4*5*3 weights + 5 biases.
        assertParams(4 * 4 * 5 * 3 + 5, Network.builder("deconv").input(6, 6, 3).transposedConv(5, 4).stride(2).build());
    }

    @Test
    void batchNormHasFourPerChannel() {
        // gamma, beta, running mean, running variance (Keras counts the last two as non-trainable).
        assertParams(4 * 7, Network.builder("bn").input(5, 5, 7).batchNorm().build());
    }

    @Test
    void denseAfterAnImageFlattensImplicitly() {
        assertParams(5 * 5 * 2 * 10 + 10, Network.builder("dense").input(5, 5, 2).dense(10).build());
        assertParams(4 * 3, Network.builder("nobias").inputVector(4).dense(3).noBias().build());
    }

    /** The seed-002 lab CNN; Keras's model.summary() reports 1,199,882. */
    @Test
    void labCnnMatchesKeras() {
        Network net = NetworkBuilderTest.labCnn();
        long conv1 = 32 * (3 * 3 + 1);
        long conv2 = 64 * (3 * 3 * 32 + 1);
        long dense = 128 * (12 * 12 * 64 + 1);
        long out = 10 * (128 + 1);
        assertEquals(1_199_882, conv1 + conv2 + dense + out);
        assertParams(1_199_882, net);
    }
}
