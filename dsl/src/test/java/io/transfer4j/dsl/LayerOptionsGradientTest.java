package io.transfer4j.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The layers and activations written for issue 22 (DL4J has no such layer) have correct backward passes: DL4J's
 * gradient check compares the analytic gradients of a conv placed before them with central finite differences
 * (double precision), so the gradient flowing back through the new layer is checked. Each also survives
 * DL4J's save/restore (JSON configuration) unchanged.
 */
class LayerOptionsGradientTest {

    private static DataType before;

    @BeforeAll
    static void doublePrecision() {
        Natives.select();
        before = Nd4j.dataType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);   // GradientCheckUtil insists
    }

    @AfterAll
    static void restore() {
        Nd4j.setDefaultDataTypes(before, before);
    }

    static Stream<Arguments> layers() {
        int[] k3 = {3, 3};
        int[] s2 = {2, 2};
        int[] d1 = {1, 1};
        return Stream.of(
                Arguments.of("max ceil pads", new PaddedPooling2D(true, k3, s2, d1, new int[] {1, 0, 0, 1}, true, false)),
                Arguments.of("max dilated ceil", new PaddedPooling2D(true, new int[] {2, 2}, s2, new int[] {2, 2}, new int[] {1, 1, 1, 1}, true, false)),
                Arguments.of("avg ceil include pad", new PaddedPooling2D(false, k3, s2, d1, new int[] {1, 1, 1, 1}, true, true)),
                Arguments.of("avg ceil exclude pad", new PaddedPooling2D(false, k3, s2, d1, new int[] {1, 1, 1, 1}, true, false)),
                Arguments.of("avg asymmetric", new PaddedPooling2D(false, k3, s2, d1, new int[] {0, 1, 2, 1}, false, false)),
                Arguments.of("batch norm without scale", new CenteredBatchNorm(
                        new org.deeplearning4j.nn.conf.layers.BatchNormalization.Builder().nOut(2).build())),
                Arguments.of("gelu", new GeluActivation(false)),
                Arguments.of("gelu tanh", new GeluActivation(true)),
                Arguments.of("hard sigmoid torch", new HardSigmoidActivation(1 / 6.0, 0.5)),
                Arguments.of("hard swish", new HardSwishActivation()),
                Arguments.of("relu6", Activation.RELU6.getActivationFunction()),
                Arguments.of("selu", Activation.SELU.getActivationFunction()),
                Arguments.of("swish", Activation.SWISH.getActivationFunction()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layers")
    void gradientMatchesFiniteDifferences(String name, Object layerOrActivation) throws Exception {
        ConvolutionLayer.Builder conv = new ConvolutionLayer.Builder(2, 2).nOut(2).weightInit(WeightInit.XAVIER);
        Layer second = layerOrActivation instanceof Layer l ? l : null;
        if (layerOrActivation instanceof IActivation fn) {
            conv.activation(fn);
        }
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.DOUBLE)
                .updater(new NoOp()).list().layer(conv.build());
        if (second != null) {
            list.layer(second);
        }
        MultiLayerConfiguration conf = list.layer(new CnnLossLayer.Builder(LossFunctions.LossFunction.MSE)
                .activation(Activation.IDENTITY).build()).setInputType(InputType.convolutional(7, 6, 1)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 1, 7, 6).subi(0.5).muli(6);
        INDArray out = net.output(x);
        INDArray labels = Nd4j.rand(DataType.DOUBLE, out.shape());
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(x).labels(labels)
                .epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8)
                .excludeParams(java.util.Set.of("1_mean", "1_log10stdev")));   // running statistics, not learned
        assertTrue(ok, name + ": analytic and numeric gradients differ (see log)");

        // Save and restore: the JSON configuration keeps the custom layer or activation with its settings.
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        ModelSerializer.writeModel(net, bytes, false);
        MultiLayerNetwork back = ModelSerializer.restoreMultiLayerNetwork(new java.io.ByteArrayInputStream(bytes.toByteArray()));
        assertEquals(net.getLayerWiseConfigurations().toJson(), back.getLayerWiseConfigurations().toJson(), name);
        assertEquals(0.0, out.sub(back.output(x)).amaxNumber().doubleValue(), 0.0, name + " after restore");
    }
}
