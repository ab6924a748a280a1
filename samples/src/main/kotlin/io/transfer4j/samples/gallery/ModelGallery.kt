package io.transfer4j.samples.gallery

import io.transfer4j.dsl.Network
import io.transfer4j.dsl.Padding
import io.transfer4j.dsl.network
import io.transfer4j.dsl.residual
import io.transfer4j.zoo.ModelBuilder
import io.transfer4j.zoo.Zoo
import org.nd4j.linalg.activations.Activation.TANH

/**
 * The course's networks in Kotlin: LeNet-5 and a small ResNet written inline in the Kotlin DSL, then the
 * zoo's summaries of the big ones (AlexNet, VGG16, GoogLeNet, ResNet50, DenseNet121: their Java files in
 * the zoo are their DSL definitions). Names on the command line print only those.
 *
 * ```
 * mvn -q -pl samples -am compile exec:java -Dexec.mainClass=io.transfer4j.samples.gallery.ModelGalleryKt
 * mvn -q -pl samples -am compile exec:java -Dexec.mainClass=io.transfer4j.samples.gallery.ModelGalleryKt -Dexec.args="lenet5 mini-resnet"
 * ```
 */
fun main(args: Array<String>) {
    for (name in args.toList().ifEmpty { ModelGallery.COURSE_MODELS + "mini-resnet" }) {
        val net = when (name) {
            "lenet5" -> lenet5()
            "mini-resnet" -> miniResNet()
            else -> Zoo.model(name).weights(ModelBuilder.NO_WEIGHTS).build()   // architecture only: no weights wanted
        }
        println(net.summary())
    }
}

/** LeNet-5 as the course draws it: C1 6@28×28, S2, C3 16@10×10, S4, C5 120, F6 84, 10 outputs (61,706 parameters). */
fun lenet5(): Network = network("lenet5") {
    input(32, 32, 1)
    conv(6, kernel = 5, activation = TANH, name = "c1")
    avgPool(2, name = "s2")
    conv(16, kernel = 5, activation = TANH, name = "c3")
    avgPool(2, name = "s4")
    conv(120, kernel = 5, activation = TANH, name = "c5")
    flatten(name = "flatten")
    dense(84, activation = TANH, name = "f6")
    softmax(10, name = "predictions")
}

/** A ResNet for 32×32 images: a conv-BN-ReLU stem, three stages of basic residual blocks, global pooling. */
fun miniResNet(classes: Int = 10): Network = network("mini-resnet") {
    input(32, 32, 3)
    conv(32, padding = Padding.SAME, bias = false, name = "stem_conv") {
        batchNorm(name = "stem_bn")
        relu(name = "stem_relu")
    }
    for ((stage, filters) in listOf(32, 64, 128).withIndex()) {
        residual(filters, stride = if (stage == 0) 1 else 2, prefix = "stage${stage + 1}_block1")
        residual(filters, prefix = "stage${stage + 1}_block2")
    }
    globalAvgPool(name = "avg_pool")
    softmax(classes, name = "predictions")
}
