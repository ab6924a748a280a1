package io.transfer4j.dsl

import org.deeplearning4j.nn.weights.WeightInit
import org.nd4j.linalg.learning.config.IUpdater

/**
 * Marks the Kotlin network DSL's receivers, so a nested lambda cannot silently call the outer scope:
 * inside `block("b") { ... }` every call goes to the same, innermost network definition.
 */
@DslMarker
@Target(AnnotationTarget.CLASS, AnnotationTarget.TYPE)
annotation class NetworkDsl

/**
 * Defines a network in Kotlin; the same graph the Java [NetworkBuilder] builds from the same calls.
 *
 * ```kotlin
 * val net = network("tiny-resnet", seed = 7) {
 *     input(32, 32, 3)
 *     conv(32, kernel = 3, padding = Padding.SAME) { batchNorm(); relu() }
 *     residual(filters = 32)
 *     globalAvgPool()
 *     softmax(10)
 * }
 * println(net.summary())
 * ```
 * Settings left `null` keep the Java builder's defaults (seed 42, Adam 1e-3, Xavier, no L2).
 */
fun network(
    name: String,
    seed: Long? = null,
    updater: IUpdater? = null,
    weightInit: WeightInit? = null,
    l2: Double? = null,
    body: NetworkScope.() -> Unit,
): Network {
    val builder = Network.builder(name)
    seed?.let { builder.seed(it) }
    updater?.let { builder.updater(it) }
    weightInit?.let { builder.weightInit(it) }
    l2?.let { builder.l2(it) }
    NetworkScope(builder).body()
    return builder.build()
}

/**
 * A reusable block written in Kotlin; use it with [NetworkScope.block] (or from Java with
 * `NetworkBuilder.apply(prefix, block)`): every name inside gets the prefix, so two uses never collide.
 *
 * ```kotlin
 * val convBnRelu = block { conv(32, padding = Padding.SAME, name = "conv"); batchNorm(name = "bn"); relu(name = "relu") }
 * network("two-units") { input(32, 32, 3); block("unit1", convBnRelu); block("unit2", convBnRelu); softmax(10) }
 * ```
 */
fun block(body: NetworkScope.() -> Unit): Block = Block { b -> NetworkScope(b).body() }
