package io.transfer4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An executor JVM that cannot load ONNX Runtime's natives fails with a message naming the missing library. The
 * natives load once per JVM, so this runs in a child JVM pointed at a directory without them.
 */
class OrtNativesTest {
    /** The child: opens a session as an executor does and prints the error message. */
    public static void main(String[] args) {
        try {
            ExecutorModels.openFile(Path.of(args[0]), "out").close();
            System.out.println("LOADED");
        } catch (RuntimeException e) {
            System.out.println(e.getMessage());
        }
    }

    @Test
    void aMissingNativeLibraryIsNamed(@TempDir Path dir) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path noNatives = Files.createDirectories(dir.resolve("no-natives"));
        Process child = new ProcessBuilder(List.of(java.toString(), "-Xmx256m", "-Donnxruntime.native.path=" + noNatives,
                "-cp", System.getProperty("java.class.path"), OrtNativesTest.class.getName(), dir.resolve("m.onnx").toString()))
                .redirectErrorStream(true).start();
        assertTrue(child.waitFor(120, TimeUnit.SECONDS), "child JVM finished");
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, child.exitValue(), out);
        assertTrue(out.contains("ONNX Runtime cannot load its native libraries"), out);
        assertTrue(out.contains("libonnxruntime.so") && out.contains(noNatives.toString()), out);
    }
}
