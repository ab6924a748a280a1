package io.transfer4j.spark;

import io.transfer4j.dsl.Natives;
import io.transfer4j.transfer.io.AtomicFiles;
import io.transfer4j.transfer.onnx.Engine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One ONNX Runtime session per executor JVM and model, shared by every task of that JVM (not one per task or
 * row): the broadcast ONNX bytes are written once to the local temporary directory and opened once. ORT runs
 * each batch on all the executor's cores, so tasks take turns on the session.
 */
final class ExecutorModels {
    private static final Map<String, Engine> ENGINES = new ConcurrentHashMap<>();

    private ExecutorModels() {
    }

    /** The session for {@code spec} in this JVM, opened on first use. */
    static Engine engine(ModelSpec spec) {
        // ND4J (used for preprocessing) must load the natives this executor's CPU can run, whatever the driver's was.
        Natives.select();
        return ENGINES.computeIfAbsent(spec.key(), k -> open(spec));
    }

    private static Engine open(ModelSpec spec) {
        Path file = Path.of(System.getProperty("java.io.tmpdir"), "transfer4j-spark", spec.key() + ".onnx");
        try {
            if (!Files.isRegularFile(file)) {
                byte[] bytes = spec.onnx().value();
                AtomicFiles.write(file, out -> out.write(bytes));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the model for ONNX Runtime to " + file + " on executor "
                    + host() + ": " + e.getMessage() + " (check free space in java.io.tmpdir)", e);
        }
        return openFile(file, spec.output());
    }

    /** ONNX Runtime on {@code file}; a native library that cannot load becomes a message naming it. */
    static Engine openFile(Path file, String output) {
        try {
            return Engine.onnxRuntime(file, output);
        } catch (LinkageError | RuntimeException e) {
            String natives = nativeFailure(e);
            if (natives == null) {
                throw e;
            }
            throw new IllegalStateException(natives, e);
        }
    }

    /**
     * A message naming the missing native library when {@code e} comes from ONNX Runtime failing to load its
     * natives (libonnxruntime.so, libonnxruntime4j_jni.so), else null.
     */
    static String nativeFailure(Throwable e) {
        StringBuilder causes = new StringBuilder();
        boolean linkage = false;
        for (Throwable t = e; t != null; t = t.getCause()) {
            linkage |= t instanceof LinkageError || String.valueOf(t.getMessage()).contains("library");
            if (t.getMessage() != null && causes.indexOf(t.getMessage()) < 0) {
                causes.append(causes.length() > 0 ? "; " : "").append(t.getMessage());
            }
        }
        if (!linkage) {
            return null;
        }
        return "ONNX Runtime cannot load its native libraries on executor " + host() + " (" + System.getProperty("os.name")
                + " " + System.getProperty("os.arch") + "): " + causes + ". It needs libonnxruntime.so and libonnxruntime4j_jni.so,"
                + " which load from the onnxruntime jar (ai/onnxruntime/native/<os>-<arch>/); the transfer4j-spark shaded jar"
                + " carries linux-x64 only. On another platform put com.microsoft.onnxruntime:onnxruntime on the executor class"
                + " path, or set -Donnxruntime.native.path=DIR (a directory holding both libraries) in spark.executor.extraJavaOptions.";
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "(unknown host)";
        }
    }
}
