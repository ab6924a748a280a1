package io.transfer4j.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.transfer4j.script.ScriptRunner;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code transfer4j run FILE.kts}: the shipped scripts run (--quick) and produce what they say, compile errors and
 * script exceptions, the cache. Kept fast: one compiled-script cache for the whole class (each script compiles once,
 * and the Kotlin compiler warms up once per JVM), the cache checked on a one-line script, tiny data everywhere.
 */
class RunCommandTest {
    @TempDir
    static Path shared;
    @TempDir
    Path dir;

    record Result(ScriptRunner.Outcome outcome, String out, String err) {
    }

    private static Result run(Path script, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        ScriptRunner.Outcome o = new ScriptRunner(shared.resolve("cache"), "test", new PrintWriter(out, true), new PrintWriter(err, true), false)
                .run(script, List.of(args));
        return new Result(o, out.toString(), err.toString());
    }

    private Path script(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void theSecondRunOfAScriptComesFromTheCache() throws Exception {
        Path s = script("hello.kts", "println(\"hello \" + Zoo.info(\"lenet5\").inputShape())\n");
        Result first = run(s);
        assertEquals(0, first.outcome().getExitCode(), first.err());
        assertFalse(first.outcome().getCacheHit());
        assertTrue(first.err().contains("compiled hello.kts"), first.err());
        Result second = run(s);
        assertEquals(0, second.outcome().getExitCode(), second.err());
        assertTrue(second.outcome().getCacheHit(), "same text, same version: the compiled script is reused");
        assertFalse(second.err().contains("compiled"), second.err());
        assertEquals(first.out(), second.out());
    }

    @Test
    void trainRoadsRunsQuickAndSavesAModelThatEvaluates() {
        Path model = dir.resolve("roads.zip");
        Result r = run(Path.of("scripts/train-roads.kts"), "--quick", "--out", model.toString());
        assertEquals(0, r.outcome().getExitCode(), r.err());
        assertTrue(r.out().contains("classes: cobblestone, interlocking, unpaved"), r.out());
        assertTrue(r.out().contains("test accuracy: "), r.out());
        assertTrue(Files.isRegularFile(model));
    }

    @Test
    void labCnnRunsQuick() {
        Result r = run(Path.of("scripts/lab-cnn.kts"), "--quick");
        assertEquals(0, r.outcome().getExitCode(), r.err());
        assertTrue(r.out().contains("1,199,882"), "the seed's parameter count: " + r.out());
        assertTrue(r.out().contains("1 epoch(s), test accuracy ") && r.out().contains(" on 100 images"), r.out());
    }

    @Test
    void residualNetworkRunsQuickWithItsBlocks() {
        Path model = dir.resolve("resnet.zip");
        Result r = run(Path.of("scripts/resnet.kts"), "--quick", "--out", model.toString());
        assertEquals(0, r.outcome().getExitCode(), r.err());
        // the summary lists the blocks' layers, the projected shortcut of the strided block and the 7x7x64 output
        assertTrue(r.out().contains("block1_") && r.out().contains("block2_") && r.out().contains("7x7x64"), r.out());
        assertTrue(r.out().matches("(?s).*small-resnet on .*: \\d+ parameters, at most 1 epoch\\(s\\), test accuracy [01]\\.\\d{3}.*"), r.out());
        assertTrue(Files.isRegularFile(model));
    }

    @Test
    void explainWritesGradCamCamActivationsFiltersAndPatterns() throws Exception {
        Path out = dir.resolve("pictures");
        Result r = run(Path.of("scripts/explain.kts"), "--quick", "--out", out.toString());
        assertEquals(0, r.outcome().getExitCode(), r.err());
        assertTrue(r.out().contains("Grad-CAM at conv2 14x14"), r.out());
        List<String> files;
        try (Stream<Path> s = Files.list(out)) {
            files = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertEquals(List.of("activations-conv1.png", "cam-0.png", "cam-1.png", "filters-conv1.png", "gradcam-0.png", "gradcam-1.png",
                "patterns-conv2.png"), files);
        assertEquals(28 + 60, ImageIO.read(out.resolve("gradcam-0.png").toFile()).getWidth());   // image + colour bar
        assertEquals(3 * (28 + 6), ImageIO.read(out.resolve("patterns-conv2.png").toFile()).getWidth());   // 8 channels, 3 per row
    }

    @Test
    void argsAndDefaultImportsReachTheScriptThroughTheCli() throws Exception {
        Path s = script("args.kts", "println(args.joinToString(\",\"))\nprintln(Zoo.info(\"lenet5\").inputShape())\n");
        CliTest.Result r = CliTest.run("run", s.toString(), "--", "--quick", "b");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("--quick,b"), r.out());
    }

    @Test
    void aTypeErrorIsFileLineColumnWithoutAStackTrace() throws Exception {
        Path s = script("bad.kts", "val ok = 1\nval x: Int = \"text\"\n");
        Result r = run(s);
        assertEquals(1, r.outcome().getExitCode());
        assertTrue(r.err().startsWith(s + ":2:14: error: "), r.err());
        assertTrue(r.err().contains("mismatch"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }

    @Test
    void anExceptionNamesTheScriptLine() throws Exception {
        Path s = script("throws.kts", "println(\"before\")\nval n = 3\nrequire(n < 2) { \"n must be below 2, got $n\" }\n");
        Result r = run(s);
        assertEquals(1, r.outcome().getExitCode());
        assertTrue(r.out().contains("before"), r.out());
        assertTrue(r.err().lines().anyMatch(l -> l.equals(s + ":3: error: IllegalArgumentException: n must be below 2, got 3")), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }
}
