package io.transfer4j.dsl

/*
 * The DSL's blocks in Kotlin: each call applies the Java block of the same name under a prefix. Without a
 * `prefix`, blocks are named per kind in order of use: residual1, residual2, bottleneck1, inception1,
 * dense_block1, transition1; a `block("x") { }` counts afresh inside its own prefix (x_residual1, ...), so
 * a reusable block names its insides the same way wherever it is used. Every function returns the name
 * of the block's output node.
 */

/** A reusable block (Java [Block] or one made with [block]) under [prefix]: every name inside starts with `prefix_`. */
fun NetworkScope.block(prefix: String, block: Block): String = java.apply(prefix, block).last()

/** A block written in place under [prefix]: `block("stem") { conv(32, stride = 2, name = "conv"); relu(name = "relu") }`. */
fun NetworkScope.block(prefix: String, body: NetworkScope.() -> Unit): String = block(prefix, io.transfer4j.dsl.block(body))

/**
 * A basic residual block (two 3×3, torchvision ResNet18/34 style), or with [bottleneck] a 1×1 → 3×3 → 1×1
 * block to `expansion·filters` (Keras ResNet50 style). The shortcut is projected when shapes change unless
 * [projection] says otherwise; [convBias] and [eps] default to the style's own (see [ResidualBlock]).
 */
fun NetworkScope.residual(
    filters: Int, stride: Int = 1, bottleneck: Boolean = false, expansion: Int? = null, convBias: Boolean? = null,
    eps: Double? = null, projection: Boolean? = null, prefix: String? = null,
): String {
    val b = if (bottleneck) ResidualBlock.bottleneck(filters) else ResidualBlock.basic(filters)
    b.stride(stride)
    expansion?.let { b.expansion(it) }
    convBias?.let { b.convBias(it) }
    eps?.let { b.eps(it) }
    projection?.let { b.projection(it) }
    return block(prefix ?: autoPrefix(if (bottleneck) "bottleneck" else "residual"), b)
}

/** A bottleneck residual block: `bottleneck(64, prefix = "conv2_block1")` (see [residual]). */
fun NetworkScope.bottleneck(
    filters: Int, stride: Int = 1, expansion: Int? = null, convBias: Boolean? = null, eps: Double? = null,
    projection: Boolean? = null, prefix: String? = null,
): String = residual(filters, stride, true, expansion, convBias, eps, projection, prefix)

/**
 * A GoogLeNet module with the paper's columns; [batchNormEps] switches to conv (no bias) + BN + ReLU units,
 * [torchvision] to torchvision's variant (BN 1e-3 and a 3×3 wide branch). See [InceptionBlock].
 */
fun NetworkScope.inception(
    c1: Int, c3Reduce: Int, c3: Int, c5Reduce: Int, c5: Int, poolProj: Int, wideKernel: Int? = null,
    batchNormEps: Double? = null, torchvision: Boolean = false, prefix: String? = null,
): String {
    val b = InceptionBlock.of(c1, c3Reduce, c3, c5Reduce, c5, poolProj)
    if (torchvision) b.torchvision()
    batchNormEps?.let { b.batchNorm(it) }
    wideKernel?.let { b.wideKernel(it) }
    return block(prefix ?: autoPrefix("inception"), b)
}

/** A DenseNet dense block of [layers] layers with growth rate [growth]; see [DenseBlock]. */
fun NetworkScope.denseBlock(
    layers: Int, growth: Int = 32, bottleneckWidth: Int? = null, eps: Double? = null, prefix: String? = null,
): String {
    val b = DenseBlock.of(layers, growth)
    bottleneckWidth?.let { b.bottleneckWidth(it) }
    eps?.let { b.eps(it) }
    return block(prefix ?: autoPrefix("dense_block"), b)
}

/** A DenseNet transition keeping [compression] of the channels, then 2×2 average pooling; see [TransitionBlock]. */
fun NetworkScope.transition(compression: Double = 0.5, eps: Double? = null, prefix: String? = null): String {
    val b = TransitionBlock.of(compression)
    eps?.let { b.eps(it) }
    return block(prefix ?: autoPrefix("transition"), b)
}

/**
 * Squeeze-and-excitation squeezing to [reduced] channels: [activation] after the reducing 1×1 conv (ReLU; SWISH for
 * EfficientNet), [gate] on the expanding one (sigmoid; MobileNetV3's hard sigmoid); see [SqueezeExciteBlock].
 */
fun NetworkScope.squeezeExcite(
    reduced: Int, activation: org.nd4j.linalg.activations.IActivation? = null,
    gate: org.nd4j.linalg.activations.IActivation? = null, prefix: String? = null,
): String {
    val b = SqueezeExciteBlock.of(reduced)
    activation?.let { b.activation(it) }
    gate?.let { b.gate(it) }
    return block(prefix ?: autoPrefix("squeeze_excite"), b)
}

/** A grouped convolution: [filters] in [groups] groups, each on its slice of the channels; see [GroupedConvBlock]. */
fun NetworkScope.groupedConv(
    filters: Int, kernel: Int = 3, groups: Int, stride: Int = 1, padding: Padding = Padding.VALID, dilation: Int = 1,
    bias: Boolean = true, prefix: String? = null,
): String {
    val b = GroupedConvBlock.of(filters, kernel, groups).stride(stride).padding(padding).dilation(dilation).bias(bias)
    return block(prefix ?: autoPrefix("grouped_conv"), b)
}
