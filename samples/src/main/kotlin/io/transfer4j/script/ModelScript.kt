package io.transfer4j.script

import kotlin.script.experimental.annotations.KotlinScript
import kotlin.script.experimental.api.ScriptCompilationConfiguration
import kotlin.script.experimental.api.compilerOptions
import kotlin.script.experimental.api.defaultImports
import kotlin.script.experimental.jvm.dependenciesFromCurrentContext
import kotlin.script.experimental.jvm.jvm

/**
 * The script definition of `transfer4j run FILE.kts`: transfer4j's packages imported by default, the whole
 * transfer4j classpath available (no `@file:DependsOn`), the command-line arguments after `--` as `args`.
 *
 * ```
 * // train.kts
 * val quick = "--quick" in args
 * val net = network("tiny") { input(28, 28, 1); conv(8, kernel = 3) { relu() }; globalAvgPool(); softmax(10) }
 * println(net.summary())
 * ```
 */
@KotlinScript(fileExtension = "kts", compilationConfiguration = ModelScriptConfiguration::class)
abstract class ModelScript(val args: Array<String>)

/** Default imports and classpath of [ModelScript]. */
object ModelScriptConfiguration : ScriptCompilationConfiguration({
    defaultImports(
        "io.transfer4j.dsl.*",
        "io.transfer4j.zoo.*",
        "io.transfer4j.transfer.*",
        "io.transfer4j.transfer.data.*",
        "io.transfer4j.transfer.train.*",
        "io.transfer4j.transfer.explain.*",
        "io.transfer4j.script.*",
        "java.nio.file.Path",
    )
    jvm {
        dependenciesFromCurrentContext(wholeClasspath = true)
    }
    compilerOptions("-jvm-target", "17")
})
