package io.transfer4j.dsl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * The DSL builds what a careful hand-written DL4J configuration builds: the same parameter layout, and with
 * the same parameters the same outputs (and the same training step).
 */
class HandWrittenEquivalenceTest {

    private static ComputationGraph init(ComputationGraphConfiguration conf) {
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        return g;
    }

    /** Same parameter count and per-layer parameter shapes; then the DSL's parameters copied over. */
    private static ComputationGraph sameLayoutCopy(Network net, ComputationGraph hand) {
        ComputationGraph dsl = net.graph();
        assertEquals(dsl.numParams(), hand.numParams());
        assertEquals(dsl.getLayers().length, hand.getLayers().length);
        for (int i = 0; i < dsl.getLayers().length; i++) {
            assertEquals(dsl.getLayers()[i].numParams(), hand.getLayers()[i].numParams(), "layer " + i);
        }
        assertTrue(dsl.params().neq(hand.params()).any(), "different initial parameters, or the copy proves nothing");
        hand.setParams(dsl.params().dup());
        return hand;
    }

    @Test
    void labCnnEqualsHandWrittenConfiguration() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(7).weightInit(WeightInit.XAVIER).graphBuilder()
                .addInputs("in")
                .addLayer("c1", new ConvolutionLayer.Builder(3, 3).nIn(1).nOut(32).activation(Activation.RELU).build(), "in")
                .addLayer("c2", new ConvolutionLayer.Builder(3, 3).nOut(64).activation(Activation.RELU).build(), "c1")
                .addLayer("pool", new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build(), "c2")
                .addLayer("drop1", new DropoutLayer.Builder(0.75).build(), "pool")
                .addLayer("fc", new DenseLayer.Builder().nOut(128).activation(Activation.RELU).build(), "drop1")
                .addLayer("drop2", new DropoutLayer.Builder(0.5).build(), "fc")
                .addLayer("out", new OutputLayer.Builder(LossFunction.MCXENT).nOut(10).activation(Activation.SOFTMAX).build(), "drop2")
                .setOutputs("out")
                .setInputTypes(InputType.convolutional(28, 28, 1))
                .build();
        Network net = NetworkBuilderTest.labCnn();
        ComputationGraph hand = sameLayoutCopy(net, init(conf));
        assertEquals(1_199_882, hand.numParams());

        INDArray x = Nd4j.rand(DataType.FLOAT, 3, 1, 28, 28);
        assertEquals(net.graph().outputSingle(x), hand.outputSingle(x));
    }

    /** Branches, SAME padding, batch norm, stand-alone activations, add, concat, global pooling: and a training step. */
    @Test
    void branchingNetEqualsHandWrittenConfigurationAndTrainsAlike() {
        Network net = Network.builder("branchy").seed(3).updater(new Sgd(0.1)).weightInit(WeightInit.RELU)
                .input(8, 8, 3)
                .conv(4, 3).same().noBias().batchNorm().relu()
                .conv(4, 3).same().act(Activation.TANH).name("left")
                .from("relu1").conv(4, 1).name("right")
                .add("left", "right").name("sum")
                .from("relu1").maxPool(2).stride(1).same().name("pooled")
                .concat("sum", "pooled")
                .globalAvgPool()
                .output(5)
                .build();

        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
                // DL4J's default activation is sigmoid: a hand-written conf must say identity where it means it.
                .seed(11).updater(new Sgd(0.1)).weightInit(WeightInit.RELU).graphBuilder()
                .addInputs("in")
                .addLayer("c1", new ConvolutionLayer.Builder(3, 3).nOut(4).hasBias(false).activation(Activation.IDENTITY)
                        .convolutionMode(ConvolutionMode.Same).build(), "in")
                .addLayer("bn", new BatchNormalization.Builder().eps(1e-3).decay(0.99).build(), "c1")
                .addLayer("r", new ActivationLayer.Builder().activation(Activation.RELU).build(), "bn")
                .addLayer("left", new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.TANH)
                        .convolutionMode(ConvolutionMode.Same).build(), "r")
                .addLayer("right", new ConvolutionLayer.Builder(1, 1).nOut(4).activation(Activation.IDENTITY).build(), "r")
                .addVertex("sum", new ElementWiseVertex(ElementWiseVertex.Op.Add), "left", "right")
                .addLayer("pooled", new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(1, 1)
                        .convolutionMode(ConvolutionMode.Same).build(), "r")
                .addVertex("cat", new MergeVertex(), "sum", "pooled")
                .addLayer("gap", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "cat")
                .addLayer("out", new OutputLayer.Builder(LossFunction.MCXENT).nOut(5).activation(Activation.SOFTMAX).build(), "gap")
                .setOutputs("out")
                .setInputTypes(InputType.convolutional(8, 8, 3))
                .build();
        ComputationGraph hand = sameLayoutCopy(net, init(conf));
        ComputationGraph dsl = net.graph();

        INDArray x = Nd4j.rand(DataType.FLOAT, 4, 3, 8, 8);
        INDArray y = Nd4j.eye(5).getRows(0, 2, 4, 1).castTo(DataType.FLOAT);
        assertEquals(dsl.outputSingle(x), hand.outputSingle(x));

        DataSet batch = new DataSet(x, y);
        dsl.fit(batch);
        hand.fit(batch);
        assertArrayEquals(dsl.params().toFloatVector(), hand.params().toFloatVector(), 1e-6f);
        assertEquals(dsl.outputSingle(x), hand.outputSingle(x));
    }
}
