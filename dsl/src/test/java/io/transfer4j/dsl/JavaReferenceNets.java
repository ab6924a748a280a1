package io.transfer4j.dsl;

import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.learning.config.Sgd;

/** Networks written with the Java builder; {@code KotlinDslTest} writes the same ones in Kotlin and compares. */
final class JavaReferenceNets {
    private JavaReferenceNets() {
    }

    /** The example. */
    static Network tinyResnet() {
        return Network.builder("tiny-resnet").seed(7)
                .input(32, 32, 3)
                .conv(32, 3).same().batchNorm().relu()
                .apply("residual1", ResidualBlock.basic(32))
                .globalAvgPool()
                .output(10)
                .build();
    }

    /** Issue 22's options: pooling, padding, transposed conv output padding, parametrised activations. */
    static Network portedOptions() {
        return Network.builder("ported-options").seed(5)
                .input(19, 18, 3)
                .conv(8, 3).stride(2).pad(0, 1, 0, 1).relu6()
                .depthwiseConv(3, 1).stride(2).sameStart().hardSwish()
                .maxPool(3).stride(1).pad(1).dilation(2).ceilMode()
                .avgPool(3).stride(2).pad(1).ceilMode().countIncludePad().name("avg")
                .transposedConv(4, 3).stride(2).pad(1).outputPadding(1).name("up")
                .elu(0.5).selu().gelu().gelu(true).swish().silu().hardSigmoid(1 / 6.0, 0.5).hardSigmoid()
                .prelu().lrn(3, 1e-2, 0.6, 1.5)
                .batchNorm().noScale().name("centered")
                .maxPool(2).stride(2).sameStart()
                .prelu(true).globalAvgPool().output(3)
                .build();
    }

    /** Every layer and option the Java builder has. */
    static Network everyLayer() {
        return Network.builder("every-layer").seed(3).updater(Updaters.rmsprop(0.01)).weightInit(WeightInit.RELU).l2(1e-4)
                .input(17, 19, 3)
                .zeroPad(1, 2, 3, 4).name("pad")
                .conv(4, 3).stride(2).same().act(Activation.RELU).withUpdater(new Sgd(0.1)).withWeightInit(WeightInit.XAVIER)
                .conv(4, 3).dilation(2).same().noBias().act(new ActivationLReLU(0.2))
                .conv(4, 1, 3).pad(1).stride(1, 2).name("wide")
                .batchNorm().eps(1.001e-5).momentum(0.9).withUpdater(Updaters.momentum(0.05, 0.8)).elu()
                .depthwiseConv(3, 2).same().stride(2).act(Activation.TANH)
                .separableConv(6, 3).same().noBias().relu()
                .transposedConv(5, 2).stride(2).act(Activation.SIGMOID).withWeightInit(WeightInit.UNIFORM)
                .transposedConv(5, 3).stride(2).same().noBias().name("up")
                .lrn().leakyRelu(0.1).sigmoid().tanh().identity().softmax()
                .activation(Activation.SOFTPLUS).activation(new ActivationLReLU(0.3))
                .maxPool(3).stride(2).same()
                .avgPool(2).pad(1).name("avg")
                .maxPool(2).stride(2, 1)
                .zeroPad(1)
                .dropout(0.3)
                .globalMaxPool().name("gmp")
                .from("avg").globalAvgPool()
                .from("avg").flatten()
                .dense(8).act(Activation.SIGMOID).batchNorm().dropout(0.5)
                .dense(6).noBias().act(new ActivationLReLU(0.05)).softmax()
                .regression(2).noBias().name("reg")
                .from("gmp").output(3).withUpdater(Updaters.nesterov(0.1, 0.9)).name("cls")
                .outputs("reg", "cls")
                .build();
    }

    /** Two inputs, branches and every merge. */
    static Network branches() {
        NetworkBuilder b = Network.builder("branches")
                .input("image", Shape.image(8, 8, 3))
                .input("meta", Shape.flat(4));
        b.from("image").conv(6, 1).name("a");
        b.from("image").conv(6, 3).same().name("b");
        b.add("a", "b").name("sum");
        b.from("image").maxPool(3).stride(1).same().name("pooled");
        b.concat("sum", "pooled").name("cat");
        b.multiply("cat", "cat");
        b.globalAvgPool().name("features");
        b.from("meta").dense(9).act(Activation.RELU).name("meta_dense");
        b.concat("features", "meta_dense");
        return b.output(5).build();
    }

    /** A reusable user block: conv-BN-ReLU named from its prefix. */
    static final Block CONV_BN_RELU = b -> b.conv(16, 3).same().noBias().name("conv").batchNorm().name("bn").relu().name("relu");

    /** Every library block and a user block used twice. */
    static Network blocks() {
        return Network.builder("blocks").seed(5)
                .input(16, 16, 3)
                .apply("unit1", CONV_BN_RELU)
                .apply("unit2", CONV_BN_RELU)
                .apply("conv2_block1", ResidualBlock.bottleneck(8).stride(2))
                .apply("conv2_block2", ResidualBlock.bottleneck(8))
                .apply("residual1", ResidualBlock.basic(32).stride(2).convBias(true).eps(1e-3))
                .apply("inception3a", InceptionBlock.of(8, 8, 16, 4, 8, 8))
                .apply("inception3b", InceptionBlock.of(8, 8, 16, 4, 8, 8).torchvision())
                .apply("conv3", DenseBlock.of(3, 8).bottleneckWidth(16))
                .apply("pool3", TransitionBlock.of(0.5).eps(1e-3))
                .block("stem2", x -> x.conv(8, 1).name("conv").relu().name("relu"))
                .globalAvgPool().name("avg_pool")
                .output(10).name("predictions")
                .build();
    }
}
