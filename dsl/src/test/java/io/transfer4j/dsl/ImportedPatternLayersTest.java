package io.transfer4j.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The DSL pieces ONNX imports need (issue 29): {@code scaleChannels} (squeeze-and-excitation's broadcast multiply,
 * forward and backward), global pooling {@code keepDims}, {@code sliceChannels}, {@link GroupedConvBlock} equal to a
 * convolution with block-diagonal weights, and {@link SqueezeExciteBlock} equal to its definition.
 */
class ImportedPatternLayersTest {

    @ParameterizedTest(name = "gate kept as 1x1 map: {0}")
    @ValueSource(booleans = {true, false})
    void scaleChannelsGradientMatchesFiniteDifferences(boolean keepDims) throws Exception {
        Natives.select();
        DataType before = Nd4j.dataType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);   // GradientCheckUtil insists
        try {
            var g = new NeuralNetConfiguration.Builder().seed(5).dataType(DataType.DOUBLE).updater(new NoOp()).graphBuilder()
                    .addInputs("in").setInputTypes(InputType.convolutional(5, 4, 2))
                    .addLayer("c", new ConvolutionLayer.Builder(2, 2).nOut(3).activation(Activation.TANH).build(), "in")
                    .addLayer("squeeze", new GlobalPoolingLayer.Builder(PoolingType.AVG).collapseDimensions(!keepDims).build(), "c");
            if (keepDims) {
                g.addLayer("gate", new ConvolutionLayer.Builder(1, 1).nOut(3).activation(Activation.SIGMOID).build(), "squeeze");
            } else {
                g.addLayer("gate", new DenseLayer.Builder().nOut(3).activation(Activation.SIGMOID).build(), "squeeze");
            }
            ComputationGraphConfiguration conf = g.addVertex("scale", new ChannelScaleVertex(), "c", "gate")
                    .addLayer("loss", new CnnLossLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY).build(), "scale")
                    .setOutputs("loss").build();
            ComputationGraph net = new ComputationGraph(conf);
            net.init();
            INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 2, 5, 4).subi(0.5).muli(4);
            INDArray out = net.outputSingle(x);
            // forward: each channel of c times its gate value
            var acts = net.feedForward(x, false);
            INDArray c = acts.get("c");
            INDArray gate = acts.get("gate").reshape(2, 3, 1, 1);
            assertEquals(0.0, c.mul(gate).sub(out).amaxNumber().doubleValue(), 1e-12);
            boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(net).inputs(new INDArray[] {x})
                    .labels(new INDArray[] {Nd4j.rand(DataType.DOUBLE, out.shape())}).epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8));
            assertTrue(ok, "analytic and numeric gradients differ (see log)");
            // the configuration (with the custom vertex) survives save and restore
            var bytes = new java.io.ByteArrayOutputStream();
            ModelSerializer.writeModel(net, bytes, false);
            ComputationGraph back = ModelSerializer.restoreComputationGraph(new java.io.ByteArrayInputStream(bytes.toByteArray()));
            assertEquals(net.getConfiguration().toJson(), back.getConfiguration().toJson());
            assertEquals(0.0, out.sub(back.outputSingle(x)).amaxNumber().doubleValue(), 0.0);
        } finally {
            Nd4j.setDefaultDataTypes(before, before);
        }
    }

    @Test
    void channelSliceGradientMatchesFiniteDifferences() throws Exception {
        Natives.select();
        DataType before = Nd4j.dataType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(6).dataType(DataType.DOUBLE).updater(new NoOp())
                    .graphBuilder().addInputs("in").setInputTypes(InputType.convolutional(4, 4, 2))
                    .addLayer("c", new ConvolutionLayer.Builder(2, 2).nOut(4).activation(Activation.TANH).build(), "in")
                    .addVertex("slice", new ChannelSliceVertex(1, 2), "c")
                    .addLayer("c2", new ConvolutionLayer.Builder(1, 1).nOut(2).activation(Activation.TANH).build(), "slice")
                    .addLayer("loss", new CnnLossLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY).build(), "c2")
                    .setOutputs("loss").build();
            ComputationGraph net = new ComputationGraph(conf);
            net.init();
            INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 2, 4, 4);
            INDArray out = net.outputSingle(x);
            boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(net).inputs(new INDArray[] {x})
                    .labels(new INDArray[] {Nd4j.rand(DataType.DOUBLE, out.shape())}).epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8));
            assertTrue(ok, "analytic and numeric gradients differ (see log)");
        } finally {
            Nd4j.setDefaultDataTypes(before, before);
        }
    }

    @Test
    void squeezeExciteBlockScalesEachChannelByItsGate() {
        Network net = Network.builder("se").seed(2).input(6, 5, 4).conv(4, 3).same().name("c")
                .apply("se", SqueezeExciteBlock.of(2).activation(Activation.SWISH)).build();
        assertEquals(Shape.image(1, 1, 4), net.shapeOf("se_squeeze"));
        assertEquals(Shape.image(6, 5, 4), net.outputShape());
        assertTrue(net.summary().toString().contains("se_scale"), net.summary().toString());
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 4, 6, 5);
        var acts = net.graph().feedForward(x, false);
        INDArray expected = acts.get("c").mul(acts.get("se_gate"));   // [2,4,6,5] * [2,4,1,1]
        assertEquals(0.0, expected.sub(acts.get("se_scale")).amaxNumber().doubleValue(), 1e-6);
        INDArray mean = acts.get("c").mean(2, 3);
        assertEquals(0.0, mean.sub(acts.get("se_squeeze").reshape(2, 4)).amaxNumber().doubleValue(), 1e-6);
    }

    @Test
    void groupedConvEqualsAConvWithBlockDiagonalWeights() {
        int groups = 3;
        Network grouped = Network.builder("grouped").seed(4).input(7, 7, 6)
                .apply("g", GroupedConvBlock.of(9, 3, groups).stride(2).padding(Padding.of(1, 0, 1, 0))).build();
        Network full = Network.builder("full").input(7, 7, 6).conv(9, 3).stride(2).pad(1, 0, 1, 0).name("full").build();
        assertEquals(full.outputShape(), grouped.outputShape());
        assertTrue(grouped.layerNames().containsAll(java.util.List.of("g_slice0", "g_conv0", "g_conv2", "g_concat")), grouped.layerNames().toString());
        INDArray w = full.graph().getLayer("full").getParam("W");   // [out, in, kh, kw]
        w.assign(0);
        INDArray b = full.graph().getLayer("full").getParam("b");
        for (int g = 0; g < groups; g++) {
            INDArray wg = grouped.graph().getLayer("g_conv" + g).getParam("W");   // [3, 2, 3, 3]
            w.get(NDArrayIndex.interval(3 * g, 3 * g + 3), NDArrayIndex.interval(2 * g, 2 * g + 2), NDArrayIndex.all(), NDArrayIndex.all()).assign(wg);
            b.get(NDArrayIndex.all(), NDArrayIndex.interval(3 * g, 3 * g + 3)).assign(grouped.graph().getLayer("g_conv" + g).getParam("b"));
        }
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 6, 7, 7);
        assertEquals(0.0, full.graph().outputSingle(x).sub(grouped.graph().outputSingle(x)).amaxNumber().doubleValue(), 1e-5);
        // parameters: a third of the full conv's weights
        assertEquals(9 * 2 * 9 + 9, grouped.parameterCount());
    }

    @Test
    void badUsesNameTheLayer() {
        var e = assertThrows(IllegalStateException.class, () -> Network.builder("k").input(8, 8, 3).maxPool(2).keepDims());
        assertTrue(e.getMessage().contains("keepDims() does not apply"), e.getMessage());
        var s = assertThrows(ShapeException.class, () -> Network.builder("s").input(8, 8, 3).conv(4, 1).name("c")
                .globalAvgPool().name("gap").dense(2).name("d").scaleChannels("c", "d").build());
        assertTrue(s.getMessage().contains("scaleChannels needs an image and a gate of one value per channel"), s.getMessage());
        var g = assertThrows(ShapeException.class, () -> Network.builder("g").input(8, 8, 5).apply("gc", GroupedConvBlock.of(4, 3, 2)).build());
        assertTrue(g.getMessage().contains("channels divisible by 2"), g.getMessage());
        var slice = assertThrows(ShapeException.class, () -> Network.builder("sl").input(8, 8, 3).sliceChannels(1, 5).build());
        assertTrue(slice.getMessage().contains("past the 3 channels"), slice.getMessage());
    }
}
