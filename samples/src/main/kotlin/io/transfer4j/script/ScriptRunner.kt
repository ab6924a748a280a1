package io.transfer4j.script

import java.io.ByteArrayOutputStream
import java.io.OutputStream
import java.io.PrintStream
import java.io.PrintWriter
import java.nio.file.Files
import java.nio.file.Path
import java.security.MessageDigest
import kotlin.script.experimental.api.EvaluationResult
import kotlin.script.experimental.api.ResultValue
import kotlin.script.experimental.api.ResultWithDiagnostics
import kotlin.script.experimental.api.ScriptDiagnostic
import kotlin.script.experimental.api.ScriptEvaluationConfiguration
import kotlin.script.experimental.api.constructorArgs
import kotlin.script.experimental.host.ScriptingHostConfiguration
import kotlin.script.experimental.host.toScriptSource
import kotlin.script.experimental.jvm.compilationCache
import kotlin.script.experimental.jvm.jvm
import kotlin.script.experimental.jvmhost.BasicJvmScriptingHost
import kotlin.script.experimental.jvmhost.CompiledScriptJarsCache
import kotlin.script.experimental.jvmhost.createJvmCompilationConfigurationFromTemplate

/**
 * Compiles and runs a model script ([ModelScript]) with the official Kotlin scripting host. Compiled scripts are
 * cached as jars in `cacheDir`, keyed by the script's text, transfer4j's version and Kotlin's version, so a second
 * run skips the compiler. Compile errors print as `FILE:line:col: error: message`; an exception thrown by the
 * script prints as `FILE:line: error: message` (the stack trace only with `debug`).
 *
 * ```
 * val outcome = ScriptRunner(cacheDir = Path.of("~/.transfer4j/scripts"), version = "0.1.0", out, err).run(Path.of("train.kts"), listOf("--quick"))
 * ```
 */
class ScriptRunner(
    private val cacheDir: Path,
    private val version: String,
    private val out: PrintWriter,
    private val err: PrintWriter,
    private val debug: Boolean = System.getenv("TRANSFER4J_DEBUG") != null,
) {
    /** How a run went: its exit code (0, or 1 for a compile error or an exception), and whether the cache served the script. */
    data class Outcome(val exitCode: Int, val cacheHit: Boolean)

    fun run(script: Path, args: List<String>): Outcome {
        require(Files.isRegularFile(script)) { "script $script does not exist or is not a file" }
        val text = Files.readString(script)
        val jar = cacheDir.resolve(key(text) + ".jar")
        val hit = Files.isRegularFile(jar)
        Files.createDirectories(cacheDir)
        val host = BasicJvmScriptingHost(ScriptingHostConfiguration {
            jvm { compilationCache(CompiledScriptJarsCache { _, _ -> jar.toFile() }) }
        })
        val compilation = createJvmCompilationConfigurationFromTemplate<ModelScript>()
        val evaluation = ScriptEvaluationConfiguration { constructorArgs(args.toTypedArray()) }
        val started = System.nanoTime()
        val stdout = System.out
        System.setOut(PrintStream(WriterStream(out), true, Charsets.UTF_8))     // the script's println goes to the command's output
        val result = try {
            host.eval(script.toFile().toScriptSource(), compilation, evaluation)
        } finally {
            System.out.flush()
            System.setOut(stdout)
        }
        out.flush()
        if (!hit && Files.isRegularFile(jar)) {
            err.println("transfer4j: compiled ${script.fileName} and ran it in %.1f s (compiled script cached in %s)"
                .format((System.nanoTime() - started) / 1e9, cacheDir))
        }
        return Outcome(report(script, result), hit)
    }

    /** Prints what went wrong, if anything; returns the exit code. */
    private fun report(script: Path, result: ResultWithDiagnostics<EvaluationResult>): Int {
        val name = script.toString()
        when (result) {
            is ResultWithDiagnostics.Failure -> {
                for (d in result.reports.filter { it.severity >= ScriptDiagnostic.Severity.ERROR }) {
                    val at = d.location?.start
                    err.println(if (at != null) "$name:${at.line}:${at.col}: error: ${d.message}" else "$name: error: ${d.message}")
                    if (debug) d.exception?.printStackTrace(err)
                }
                return 1
            }
            is ResultWithDiagnostics.Success -> {
                val value = result.value.returnValue
                if (value is ResultValue.Error) {
                    val e = value.error
                    val line = e.stackTrace.firstOrNull { it.fileName == script.fileName.toString() }?.lineNumber
                    err.println("$name${if (line != null && line > 0) ":$line" else ""}: error: ${e.javaClass.simpleName}: ${e.message}")
                    if (debug) e.printStackTrace(err) else err.println("hint: TRANSFER4J_DEBUG=1 shows the stack trace")
                    return 1
                }
                return 0
            }
        }
    }

    /** Bytes to a writer, decoded as UTF-8 at each flush (PrintStream's autoflush flushes at every println). */
    private class WriterStream(private val writer: PrintWriter) : OutputStream() {
        private val buffer = ByteArrayOutputStream()
        override fun write(b: Int) = buffer.write(b)
        override fun write(b: ByteArray, off: Int, len: Int) = buffer.write(b, off, len)
        override fun flush() {
            writer.write(buffer.toString(Charsets.UTF_8))
            writer.flush()
            buffer.reset()
        }
    }

    /** The cache key: the script's text, transfer4j's version and Kotlin's. */
    private fun key(text: String): String {
        val md = MessageDigest.getInstance("SHA-256")
        md.update("$version\n${KotlinVersion.CURRENT}\n$text".toByteArray())
        return md.digest().joinToString("") { "%02x".format(it) }.take(32)
    }
}

