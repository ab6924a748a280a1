package io.transfer4j.samples.bench;

import io.transfer4j.dsl.Network;
import io.transfer4j.zoo.Zoo;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
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
import org.deeplearning4j.zoo.model.ResNet50;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/** The networks the benchmarks compare: each written once with the DSL and once by hand in DL4J. */
final class Models {
    private Models() {
    }

    /** The seed-002 lab CNN in the DSL. */
    static ComputationGraph labCnnDsl() {
        return Network.builder("lab-cnn").seed(42).input(28, 28, 1)
                .conv(32, 3).act(Activation.RELU)
                .conv(64, 3).act(Activation.RELU)
                .maxPool(2).dropout(0.25)
                .flatten().dense(128).act(Activation.RELU).dropout(0.5)
                .output(10)
                .build().graph();
    }

    /** The same lab CNN as a DL4J user writes it by hand (same updater, init, seed). */
    static ComputationGraph labCnnDl4j() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(42).updater(new Adam(1e-3)).weightInit(WeightInit.XAVIER)
                .graphBuilder().addInputs("input").setInputTypes(InputType.convolutional(28, 28, 1))
                .addLayer("conv1", new ConvolutionLayer.Builder(3, 3).nOut(32).activation(Activation.RELU).build(), "input")
                .addLayer("conv2", new ConvolutionLayer.Builder(3, 3).nOut(64).activation(Activation.RELU).build(), "conv1")
                .addLayer("pool", new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build(), "conv2")
                .addLayer("drop1", new DropoutLayer.Builder(0.75).build(), "pool")
                .addLayer("dense", new DenseLayer.Builder().nOut(128).activation(Activation.RELU).build(), "drop1")
                .addLayer("drop2", new DropoutLayer.Builder(0.5).build(), "dense")
                .addLayer("out", new OutputLayer.Builder(LossFunction.MCXENT).nOut(10).activation(Activation.SOFTMAX).build(), "drop2")
                .setOutputs("out").build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        return g;
    }

    /** ResNet50 from transfer4j's zoo (written in the DSL). */
    static ComputationGraph resnet50Dsl() {
        return Zoo.resnet50().build().graph();
    }

    /** ResNet50 as DL4J's own zoo hand-writes it (configuration only: its pretrained URLs are dead). */
    static ComputationGraph resnet50Dl4j() {
        return ResNet50.builder().numClasses(1000).seed(42).build().init();
    }

    /**
     * A conv-BN-ReLU stack (64x64x3, three stages of two 3x3 convs, global average pool, 10 classes),
     * hand-written so that the data format and workspace modes can be varied alone.
     */
    static ComputationGraph convStack(CNN2DFormat format, WorkspaceMode workspaces) {
        ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder()
                .seed(42).updater(new Adam(1e-3)).weightInit(WeightInit.RELU)
                .trainingWorkspaceMode(workspaces).inferenceWorkspaceMode(workspaces)
                .graphBuilder().addInputs("input").setInputTypes(InputType.convolutional(64, 64, 3, format));
        String last = "input";
        int[] widths = {32, 64, 128};
        for (int stage = 0; stage < widths.length; stage++) {
            for (int i = 0; i < 2; i++) {
                String n = "s" + stage + "c" + i;
                g.addLayer(n, new ConvolutionLayer.Builder(3, 3).nOut(widths[stage]).dataFormat(format)
                        .convolutionMode(org.deeplearning4j.nn.conf.ConvolutionMode.Same).hasBias(false)
                        .activation(Activation.IDENTITY).build(), last);
                g.addLayer(n + "bn", new BatchNormalization.Builder().dataFormat(format).activation(Activation.RELU).build(), n);
                last = n + "bn";
            }
            if (stage < widths.length - 1) {
                g.addLayer("pool" + stage, new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                        .dataFormat(format).build(), last);
                last = "pool" + stage;
            }
        }
        int[] spatial = format == CNN2DFormat.NHWC ? new int[] {1, 2} : new int[] {2, 3};
        g.addLayer("gap", new GlobalPoolingLayer.Builder(PoolingType.AVG).poolingDimensions(spatial).build(), last);
        g.addLayer("out", new OutputLayer.Builder(LossFunction.MCXENT).nOut(10).activation(Activation.SOFTMAX).build(), "gap");
        ComputationGraph graph = new ComputationGraph(g.setOutputs("out").build());
        graph.init();
        return graph;
    }

    /** Random inputs of the given shape (values in [0,1)). */
    static INDArray images(long... shape) {
        Nd4j.getRandom().setSeed(1);
        return Nd4j.rand(DataType.FLOAT, shape);
    }

    /** Random one-hot labels. */
    static INDArray labels(int batch, int classes) {
        INDArray y = Nd4j.zeros(DataType.FLOAT, batch, classes);
        for (int i = 0; i < batch; i++) {
            y.putScalar(i, (i * 7) % classes, 1f);
        }
        return y;
    }
}
