package io.transfer4j.dsl

import org.deeplearning4j.nn.weights.WeightInit
import org.nd4j.linalg.activations.Activation
import org.nd4j.linalg.activations.IActivation
import org.nd4j.linalg.activations.impl.ActivationLReLU
import org.nd4j.linalg.learning.config.IUpdater
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction

/**
 * The receiver of [network] and of every nested lambda: each call adds to the Java [NetworkBuilder] it
 * wraps, so a Kotlin definition and the same calls in Java give identical graphs. Layer calls take their
 * options as named arguments (defaults as in Java) and return the name of the node they leave current;
 * a trailing lambda (`conv(32) { batchNorm(); relu() }`) only groups the layers that follow, and the call
 * then returns the name of the group's last node. Blocks (residual, inception, ...) are in `Blocks.kt`.
 */
@NetworkDsl
class NetworkScope internal constructor(
    /** The Java builder underneath, for anything written against the Java API. */
    val java: NetworkBuilder,
) {
    private val prefixCounters = HashMap<String, Int>()

    // ---- settings -------------------------------------------------------------------------------------

    fun seed(seed: Long) { java.seed(seed) }
    fun updater(updater: IUpdater) { java.updater(updater) }
    fun weightInit(init: WeightInit) { java.weightInit(init) }
    fun l2(l2: Double) { java.l2(l2) }

    // ---- inputs ---------------------------------------------------------------------------------------

    /** An image input (height, width, channels); a second input needs its own [name]. */
    fun input(height: Int, width: Int, channels: Int, name: String = "input"): String =
        if (name == "input") java.input(height, width, channels).last() else input(name, Shape.image(height, width, channels))

    fun inputVector(size: Int, name: String = "input"): String =
        if (name == "input") java.inputVector(size).last() else input(name, Shape.flat(size))

    fun input(name: String, shape: Shape): String = java.input(name, shape).last()

    // ---- convolutions ---------------------------------------------------------------------------------

    /** Convolution; [kernelWidth] and [strideWidth] only for non-square kernels and strides. */
    fun conv(
        filters: Int, kernel: Int = 3, kernelWidth: Int = kernel, stride: Int = 1, strideWidth: Int = stride, padding: Padding = Padding.VALID,
        dilation: Int = 1, bias: Boolean = true, activation: Activation? = null, activationFn: IActivation? = null,
        name: String? = null, updater: IUpdater? = null, weightInit: WeightInit? = null,
        then: NetworkScope.() -> Unit = {},
    ): String {
        java.conv(filters, kernel, kernelWidth)
        return convOptions(stride, strideWidth, padding, dilation, bias, activation, activationFn, name, updater, weightInit, then)
    }

    /** Depthwise convolution: [multiplier] filters per input channel. */
    fun depthwiseConv(
        kernel: Int = 3, multiplier: Int = 1, stride: Int = 1, strideWidth: Int = stride, padding: Padding = Padding.VALID, dilation: Int = 1,
        bias: Boolean = true, activation: Activation? = null, activationFn: IActivation? = null, name: String? = null,
        updater: IUpdater? = null, weightInit: WeightInit? = null, then: NetworkScope.() -> Unit = {},
    ): String {
        java.depthwiseConv(kernel, multiplier)
        return convOptions(stride, strideWidth, padding, dilation, bias, activation, activationFn, name, updater, weightInit, then)
    }

    /** Depthwise-separable convolution: depthwise [kernel]×[kernel], then 1×1 to [filters]. */
    fun separableConv(
        filters: Int, kernel: Int = 3, stride: Int = 1, strideWidth: Int = stride, padding: Padding = Padding.VALID, dilation: Int = 1,
        bias: Boolean = true, activation: Activation? = null, activationFn: IActivation? = null, name: String? = null,
        updater: IUpdater? = null, weightInit: WeightInit? = null, then: NetworkScope.() -> Unit = {},
    ): String {
        java.separableConv(filters, kernel)
        return convOptions(stride, strideWidth, padding, dilation, bias, activation, activationFn, name, updater, weightInit, then)
    }

    /** Transposed convolution (learnable upsampling); [outputPadding] is PyTorch's `output_padding`. */
    fun transposedConv(
        filters: Int, kernel: Int = 3, stride: Int = 1, strideWidth: Int = stride, padding: Padding = Padding.VALID, dilation: Int = 1,
        outputPadding: Int = 0, bias: Boolean = true, activation: Activation? = null, activationFn: IActivation? = null, name: String? = null,
        updater: IUpdater? = null, weightInit: WeightInit? = null, then: NetworkScope.() -> Unit = {},
    ): String {
        java.transposedConv(filters, kernel)
        if (outputPadding != 0) java.outputPadding(outputPadding)
        return convOptions(stride, strideWidth, padding, dilation, bias, activation, activationFn, name, updater, weightInit, then)
    }

    private fun convOptions(
        stride: Int, strideWidth: Int, padding: Padding, dilation: Int, bias: Boolean, activation: Activation?,
        activationFn: IActivation?, name: String?, updater: IUpdater?, weightInit: WeightInit?, then: NetworkScope.() -> Unit,
    ): String {
        java.stride(stride, strideWidth).padding(padding).dilation(dilation)
        if (!bias) java.noBias()
        activation(activation, activationFn)
        return finish(name, updater, weightInit, then)
    }

    // ---- pooling, reshaping ---------------------------------------------------------------------------

    /** Zero padding: [all] on every side, or each side by name. */
    fun zeroPad(all: Int = 0, top: Int = all, bottom: Int = all, left: Int = all, right: Int = all, name: String? = null): String {
        java.zeroPad(top, bottom, left, right)
        return finish(name)
    }

    /** Max pooling; [stride] defaults to the window [size]; [ceilMode] is PyTorch's `ceil_mode`. */
    fun maxPool(
        size: Int = 2, stride: Int? = null, strideWidth: Int? = stride, padding: Padding = Padding.VALID, dilation: Int = 1,
        ceilMode: Boolean = false, name: String? = null,
    ): String {
        java.maxPool(size)
        if (dilation != 1) java.dilation(dilation)
        return poolOptions(size, stride, strideWidth, padding, ceilMode, name)
    }

    /**
     * Average pooling; [stride] defaults to the window [size]. The divisor counts real pixels only unless
     * [countIncludePad] (PyTorch's default `count_include_pad=True`).
     */
    fun avgPool(
        size: Int = 2, stride: Int? = null, strideWidth: Int? = stride, padding: Padding = Padding.VALID,
        ceilMode: Boolean = false, countIncludePad: Boolean = false, name: String? = null,
    ): String {
        java.avgPool(size)
        if (countIncludePad) java.countIncludePad()
        return poolOptions(size, stride, strideWidth, padding, ceilMode, name)
    }

    private fun poolOptions(size: Int, stride: Int?, strideWidth: Int?, padding: Padding, ceilMode: Boolean, name: String?): String {
        if (stride != null || strideWidth != null) java.stride(stride ?: size, strideWidth ?: size)
        java.padding(padding)
        if (ceilMode) java.ceilMode()
        return finish(name)
    }

    /** Global average pooling to a vector, or with [keepDims] to a 1×1×C image (a squeeze-and-excitation squeeze). */
    fun globalAvgPool(keepDims: Boolean = false, name: String? = null): String =
        java.globalAvgPool().also { if (keepDims) java.keepDims() }.let { finish(name) }
    fun globalMaxPool(keepDims: Boolean = false, name: String? = null): String =
        java.globalMaxPool().also { if (keepDims) java.keepDims() }.let { finish(name) }
    fun flatten(name: String? = null): String = java.flatten().let { finish(name) }

    /** Channels [from] (inclusive) to [to] (exclusive) of the current node. */
    fun sliceChannels(from: Int, to: Int, name: String? = null): String = java.sliceChannels(from, to).let { finish(name) }

    // ---- dense, normalisation, regularisation -------------------------------------------------------

    fun dense(
        units: Int, activation: Activation? = null, activationFn: IActivation? = null, bias: Boolean = true,
        name: String? = null, updater: IUpdater? = null, weightInit: WeightInit? = null,
        then: NetworkScope.() -> Unit = {},
    ): String {
        java.dense(units)
        if (!bias) java.noBias()
        activation(activation, activationFn)
        return finish(name, updater, weightInit, then)
    }

    /**
     * Batch norm; [eps] defaults to Keras's 1e-3, [momentum] (running-statistics decay) to Keras's 0.99;
     * [scale] false drops gamma (Keras's `scale=False`, InceptionV3).
     */
    fun batchNorm(
        eps: Double? = null, momentum: Double? = null, scale: Boolean = true, name: String? = null, updater: IUpdater? = null,
        weightInit: WeightInit? = null,
    ): String {
        java.batchNorm()
        eps?.let { java.eps(it) }
        momentum?.let { java.momentum(it) }
        if (!scale) java.noScale()
        return finish(name, updater, weightInit)
    }

    /** Dropout; [rate] is the fraction dropped (Keras's convention). */
    fun dropout(rate: Double, name: String? = null): String = java.dropout(rate).let { finish(name) }

    /** Local response normalisation, PyTorch's `LocalResponseNorm(size, alpha, beta, k)`; defaults are AlexNet's. */
    fun lrn(size: Int = 5, alpha: Double = 5e-4, beta: Double = 0.75, k: Double = 2.0, name: String? = null): String =
        java.lrn(size, alpha, beta, k).let { finish(name) }

    /** Parametric ReLU: a learned slope per channel, or one for all values when [shared]. */
    fun prelu(shared: Boolean = false, name: String? = null, updater: IUpdater? = null): String =
        java.prelu(shared).let { finish(name, updater) }

    // ---- activation layers --------------------------------------------------------------------------

    fun activation(fn: Activation, name: String? = null): String = java.activation(fn).let { finish(name) }
    fun activation(fn: IActivation, name: String? = null): String = java.activation(fn).let { finish(name) }
    fun relu(name: String? = null): String = java.relu().let { finish(name) }
    fun leakyRelu(alpha: Double = ActivationLReLU.DEFAULT_ALPHA, name: String? = null): String = java.leakyRelu(alpha).let { finish(name) }
    fun elu(alpha: Double = 1.0, name: String? = null): String = (if (alpha == 1.0) java.elu() else java.elu(alpha)).let { finish(name) }
    fun selu(name: String? = null): String = java.selu().let { finish(name) }
    fun relu6(name: String? = null): String = java.relu6().let { finish(name) }

    /** Hard sigmoid `max(0, min(1, alpha·x + beta))`; PyTorch's is `alpha = 1.0 / 6`. */
    fun hardSigmoid(alpha: Double = 0.2, beta: Double = 0.5, name: String? = null): String =
        java.hardSigmoid(alpha, beta).let { finish(name) }
    fun hardSwish(name: String? = null): String = java.hardSwish().let { finish(name) }

    /** GELU, exact (erf) or with [approximate] the tanh form. */
    fun gelu(approximate: Boolean = false, name: String? = null): String = java.gelu(approximate).let { finish(name) }
    fun swish(name: String? = null): String = java.swish().let { finish(name) }
    fun silu(name: String? = null): String = java.silu().let { finish(name) }
    fun sigmoid(name: String? = null): String = java.sigmoid().let { finish(name) }
    fun tanh(name: String? = null): String = java.tanh().let { finish(name) }
    fun identity(name: String? = null): String = java.identity().let { finish(name) }

    /**
     * A softmax activation layer: on an image over the channels at each pixel unless [axis] says otherwise, on a
     * vector over the vector. `softmax(classes)` is the classification head.
     */
    fun softmax(axis: SoftmaxAxis = SoftmaxAxis.CHANNELS, name: String? = null): String =
        java.softmax(axis).let { finish(name) }

    // ---- heads --------------------------------------------------------------------------------------

    /** Classification head: dense [classes] + softmax, cross-entropy. */
    fun softmax(classes: Int, bias: Boolean = true, name: String? = null, updater: IUpdater? = null, weightInit: WeightInit? = null): String =
        output(classes, bias, name, updater, weightInit)

    /** Classification head: dense [classes] + softmax, cross-entropy (same as `softmax(classes)`). */
    fun output(classes: Int, bias: Boolean = true, name: String? = null, updater: IUpdater? = null, weightInit: WeightInit? = null): String {
        java.output(classes)
        if (!bias) java.noBias()
        return finish(name, updater, weightInit)
    }

    /** Trains the previous layer's output with [loss], per pixel on an image (`conv(classes, 1); softmax(); loss(MCXENT)`). */
    fun loss(loss: LossFunction, name: String? = null): String = java.loss(loss).let { finish(name) }

    /** Regression head: dense [outputs], identity, mean squared error. */
    fun regression(outputs: Int, bias: Boolean = true, name: String? = null, updater: IUpdater? = null, weightInit: WeightInit? = null): String {
        java.regression(outputs)
        if (!bias) java.noBias()
        return finish(name, updater, weightInit)
    }

    // ---- wiring -------------------------------------------------------------------------------------

    /** Name of the node the next layer reads from. */
    val last: String get() = java.last()

    /** Output shape of the current node. */
    val shape: Shape get() = java.shape()

    fun shapeOf(name: String): Shape = java.shapeOf(name)

    /** Renames the layer added last (inside a block the prefix is prepended). */
    fun name(name: String): String = java.name(name).last()

    /** Continues from an earlier node. */
    fun from(name: String): String = java.from(name).last()

    /** A branch: continues from [from] (default: the current node), runs [body], returns the branch's output. */
    fun branch(from: String = last, body: NetworkScope.() -> Unit): String {
        java.from(from)
        body()
        return last
    }

    fun add(vararg inputs: String, name: String? = null): String = java.add(*inputs).let { finish(name) }
    fun multiply(vararg inputs: String, name: String? = null): String = java.multiply(*inputs).let { finish(name) }
    fun concat(vararg inputs: String, name: String? = null): String = java.concat(*inputs).let { finish(name) }

    /** The image [input] times a per-channel [gate] (1×1×C or C values), broadcast over height and width. */
    fun scaleChannels(input: String, gate: String, name: String? = null): String = java.scaleChannels(input, gate).let { finish(name) }

    /** The network's outputs, when not just the node added last. */
    fun outputs(vararg names: String) { java.outputs(*names) }

    // ---- internals ----------------------------------------------------------------------------------

    private fun activation(activation: Activation?, fn: IActivation?) {
        require(activation == null || fn == null) { "give activation or activationFn, not both" }
        activation?.let { java.act(it) }
        fn?.let { java.act(it) }
    }

    private fun finish(name: String?, updater: IUpdater? = null, weightInit: WeightInit? = null, then: NetworkScope.() -> Unit = {}): String {
        name?.let { java.name(it) }
        updater?.let { java.withUpdater(it) }
        weightInit?.let { java.withWeightInit(it) }
        then()
        return java.last()
    }

    /** `<kind><n>` prefix for a block the caller did not name, counting per kind (residual1, inception2...). */
    internal fun autoPrefix(kind: String): String {
        val n = prefixCounters.merge(kind, 1, Int::plus)!!
        return "$kind$n"
    }
}
