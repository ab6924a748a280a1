package io.transfer4j.dsl

import org.deeplearning4j.nn.weights.WeightInit
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNotEquals
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.nd4j.linalg.activations.Activation
import org.nd4j.linalg.activations.impl.ActivationLReLU
import org.nd4j.linalg.api.buffer.DataType
import org.nd4j.linalg.factory.Nd4j
import org.nd4j.linalg.learning.config.Sgd
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction

/**
 * The Kotlin DSL builds the very graphs the Java builder builds: same configuration JSON (layer names,
 * layer confs, wiring, updaters), same parameter count, and the same outputs for the same parameters.
 */
class KotlinDslTest {

    private fun assertSameNetwork(java: Network, kotlin: Network) {
        assertEquals(java.layerNames(), kotlin.layerNames())
        assertEquals(java.conf().toJson(), kotlin.conf().toJson())
        assertEquals(java.parameterCount(), kotlin.parameterCount())
        val jg = java.graph()
        val kg = kotlin.graph()
        kg.setParams(jg.params().add(0.01))   // same parameters, and not merely the same seed's
        jg.setParams(kg.params())
        val inputs = java.inputShapes().map { s ->
            if (s.image()) Nd4j.rand(DataType.FLOAT, 2, s.channels(), s.height(), s.width()) else Nd4j.rand(DataType.FLOAT, 2, s.size())
        }.toTypedArray()
        val jo = jg.output(*inputs.map { it.dup() }.toTypedArray())
        val ko = kg.output(*inputs.map { it.dup() }.toTypedArray())
        assertEquals(jo.size, ko.size)
        jo.indices.forEach { assertEquals(jo[it], ko[it], "output $it of ${java.name()}") }
    }

    @Test
    fun tinyResnetReadsLikeTheIssueAndEqualsJava() {
        val net = network("tiny-resnet", seed = 7) {
            input(32, 32, 3)
            conv(32, kernel = 3, padding = Padding.SAME) { batchNorm(); relu() }
            residual(filters = 32)
            globalAvgPool()
            softmax(10)
        }
        assertSameNetwork(JavaReferenceNets.tinyResnet(), net)
        assertEquals(Shape.flat(10), net.outputShape())
        assertTrue("residual1_add" in net.layerNames())
    }

    @Test
    fun everyLayerAndOptionEqualsJava() {
        val net = network("every-layer", seed = 3, updater = Updaters.rmsprop(0.01), weightInit = WeightInit.RELU, l2 = 1e-4) {
            input(17, 19, 3)
            zeroPad(top = 1, bottom = 2, left = 3, right = 4, name = "pad")
            conv(4, stride = 2, padding = Padding.SAME, activation = Activation.RELU, updater = Sgd(0.1), weightInit = WeightInit.XAVIER)
            conv(4, dilation = 2, padding = Padding.SAME, bias = false, activationFn = ActivationLReLU(0.2))
            conv(4, kernel = 1, kernelWidth = 3, strideWidth = 2, padding = Padding.of(1), name = "wide")
            batchNorm(eps = 1.001e-5, momentum = 0.9, updater = Updaters.momentum(0.05, 0.8))
            elu()
            depthwiseConv(kernel = 3, multiplier = 2, padding = Padding.SAME, stride = 2, activation = Activation.TANH)
            separableConv(6, padding = Padding.SAME, bias = false) { relu() }
            transposedConv(5, kernel = 2, stride = 2, activation = Activation.SIGMOID, weightInit = WeightInit.UNIFORM)
            transposedConv(5, kernel = 3, stride = 2, padding = Padding.SAME, bias = false, name = "up")
            lrn(); leakyRelu(0.1); sigmoid(); tanh(); identity(); softmax()
            activation(Activation.SOFTPLUS); activation(ActivationLReLU(0.3))
            maxPool(3, stride = 2, padding = Padding.SAME)
            val avg = avgPool(2, padding = Padding.of(1), name = "avg")
            maxPool(strideWidth = 1)
            zeroPad(1)
            dropout(0.3)
            val gmp = globalMaxPool(name = "gmp")
            branch(from = avg) { globalAvgPool() }
            from(avg)
            flatten()
            dense(8, activation = Activation.SIGMOID) { batchNorm(); dropout(0.5) }
            dense(6, bias = false, activationFn = ActivationLReLU(0.05)) { softmax() }
            val reg = regression(2, bias = false, name = "reg")
            branch(gmp) { output(3, updater = Updaters.nesterov(0.1, 0.9), name = "cls") }
            outputs(reg, "cls")
        }
        assertSameNetwork(JavaReferenceNets.everyLayer(), net)
        ShapeChecks.assertDl4jInferenceAgrees(net)
    }

    @Test
    fun portedModelOptionsEqualJava() {
        val net = network("ported-options", seed = 5) {
            input(19, 18, 3)
            conv(8, stride = 2, padding = Padding.of(0, 1, 0, 1)) { relu6() }
            depthwiseConv(stride = 2, padding = Padding.SAME_START) { hardSwish() }
            maxPool(3, stride = 1, padding = Padding.of(1), dilation = 2, ceilMode = true)
            avgPool(3, stride = 2, padding = Padding.of(1), ceilMode = true, countIncludePad = true, name = "avg")
            transposedConv(4, stride = 2, padding = Padding.of(1), outputPadding = 1, name = "up")
            elu(alpha = 0.5); selu(); gelu(); gelu(approximate = true); swish(); silu()
            hardSigmoid(alpha = 1.0 / 6, beta = 0.5); hardSigmoid()
            prelu(); lrn(size = 3, alpha = 1e-2, beta = 0.6, k = 1.5)
            batchNorm(scale = false, name = "centered")
            maxPool(2, stride = 2, padding = Padding.SAME_START)
            prelu(shared = true); globalAvgPool(); output(3)
        }
        assertSameNetwork(JavaReferenceNets.portedOptions(), net)
        assertTrue("up_crop" in net.layerNames())
    }

    @Test
    fun branchesAndMergesEqualJava() {
        val net = network("branches") {
            input("image", Shape.image(8, 8, 3))
            input("meta", Shape.flat(4))
            val a = branch("image") { conv(6, kernel = 1, name = "a") }
            val b = branch("image") { conv(6, padding = Padding.SAME, name = "b") }
            val sum = add(a, b, name = "sum")
            val pooled = branch("image") { maxPool(3, stride = 1, padding = Padding.SAME, name = "pooled") }
            val cat = concat(sum, pooled, name = "cat")
            multiply(cat, cat)
            val features = globalAvgPool(name = "features")
            val meta = branch("meta") { dense(9, activation = Activation.RELU, name = "meta_dense") }
            concat(features, meta)
            output(5)
        }
        assertSameNetwork(JavaReferenceNets.branches(), net)
    }

    @Test
    fun blocksEqualJava() {
        val convBnRelu = block {
            conv(16, padding = Padding.SAME, bias = false, name = "conv")
            batchNorm(name = "bn")
            relu(name = "relu")
        }
        val net = network("blocks", seed = 5) {
            input(16, 16, 3)
            block("unit1", convBnRelu)
            block("unit2", convBnRelu)
            bottleneck(8, stride = 2, prefix = "conv2_block1")
            residual(8, bottleneck = true, prefix = "conv2_block2")
            residual(32, stride = 2, convBias = true, eps = 1e-3)
            inception(8, 8, 16, 4, 8, 8, prefix = "inception3a")
            inception(8, 8, 16, 4, 8, 8, torchvision = true, prefix = "inception3b")
            denseBlock(3, growth = 8, bottleneckWidth = 16, prefix = "conv3")
            transition(0.5, eps = 1e-3, prefix = "pool3")
            block("stem2") { conv(8, kernel = 1, name = "conv"); relu(name = "relu") }
            globalAvgPool(name = "avg_pool")
            softmax(10, name = "predictions")
        }
        assertSameNetwork(JavaReferenceNets.blocks(), net)
        assertTrue(net.layerNames().containsAll(listOf("unit1_conv", "unit2_relu", "conv2_block1_0_conv", "conv3_block3_concat", "stem2_relu")))
    }

    @Test
    fun importedPatternLayersEqualJava() {
        val java = Network.builder("se-grouped").seed(9).input(8, 8, 4)
            .conv(6, 3).same().name("c")
            .apply("se", SqueezeExciteBlock.of(2).activation(Activation.SWISH))
            .apply("g", GroupedConvBlock.of(6, 3, 3).stride(2).padding(Padding.of(1)).bias(false))
        java.sliceChannels(0, 6).name("part").globalAvgPool().keepDims().name("gate_pool")
        java.scaleChannels("g_concat", "gate_pool").name("scaled").globalMaxPool()
        val kotlin = network("se-grouped", seed = 9) {
            input(8, 8, 4)
            conv(6, padding = Padding.SAME, name = "c")
            squeezeExcite(2, activation = Activation.SWISH.activationFunction, prefix = "se")
            val g = groupedConv(6, kernel = 3, groups = 3, stride = 2, padding = Padding.of(1), bias = false, prefix = "g")
            sliceChannels(0, 6, name = "part")
            val gate = globalAvgPool(keepDims = true, name = "gate_pool")
            scaleChannels(g, gate, name = "scaled")
            globalMaxPool()
        }
        assertSameNetwork(java.build(), kotlin)
    }

    @Test
    fun blocksWithoutPrefixAreNumberedPerKindWithinEachBlock() {
        val net = network("auto") {
            input(16, 16, 8)
            residual(8)
            residual(8)
            bottleneck(2)
            inception(2, 2, 2, 2, 2, 2)
            denseBlock(2, growth = 4)
            transition()
            block("stage") { residual(8) }
        }
        val names = net.layerNames()
        for (n in listOf("residual1_add", "residual2_add", "bottleneck1_add", "inception1_concat",
                "dense_block1_block2_concat", "transition1_pool", "stage_residual1_add")) {
            assertTrue(n in names, "$n in $names")
        }
    }

    @Test
    fun layerCallsReturnNamesAndTrailingLambdasGroup() {
        lateinit var conv: String
        lateinit var group: String
        network("names") {
            input(8, 8, 1)
            conv = conv(4, name = "c")
            group = conv(4, padding = Padding.SAME) { batchNorm(); relu(name = "r") }
            assertEquals(Shape.image(6, 6, 4), shape)
            assertEquals(Shape.image(6, 6, 4), shapeOf("c"))
            assertEquals("r", last)
        }
        assertEquals("c", conv)
        assertEquals("r", group)
    }

    @Test
    fun errorsComeFromTheJavaBuilderUnchanged() {
        val e = assertThrows(ShapeException::class.java) {
            network("bad") { input(5, 5, 3); conv(8, kernel = 7, name = "too_big") }
        }
        assertTrue(e.message!!.contains("too_big") && e.message!!.contains("5x5x3"), e.message)
        assertThrows(IllegalArgumentException::class.java) {
            network("bad") { input(8, 8, 1); conv(2, activation = Activation.RELU, activationFn = ActivationLReLU(0.1)) }
        }
        assertThrows(IllegalArgumentException::class.java) { network("dup") { input(8, 8, 1); relu(name = "x"); relu(name = "x") } }
    }

    @Test
    fun settingsInsideTheBodyEqualNamedArguments() {
        val a = network("s", seed = 9, updater = Updaters.sgd(0.1)) { inputVector(4); dense(3) }
        val b = network("s") { seed(9); updater(Updaters.sgd(0.1)); inputVector(4); dense(3) }
        val c = network("s") { inputVector(4); dense(3) }
        assertEquals(a.conf().toJson(), b.conf().toJson())
        assertNotEquals(a.conf().toJson(), c.conf().toJson())
    }

    @Test
    fun softmaxOnAFeatureMapIsOverChannelsWithAnExplicitAxisAndAPerPixelLossAsInJava() {
        val net = network("seg", seed = 4) {
            input(6, 6, 3)
            conv(4, kernel = 1)
            softmax(name = "probs")
            softmax(axis = SoftmaxAxis.WIDTH, name = "rows")
            loss(LossFunction.MCXENT)
        }
        val java = Network.builder("seg").seed(4).input(6, 6, 3).conv(4, 1).softmax().name("probs")
            .softmax(SoftmaxAxis.WIDTH).name("rows").loss(LossFunction.MCXENT).build()
        assertSameNetwork(java, net)
        assertTrue(net.summary().toString().contains("softmax over channels"))
    }
}
