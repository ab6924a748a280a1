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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code transfer4j run FILE.kts}: the shipped scripts run (--quick), compile errors and script exceptions, the cache. */
class RunCommandTest {
    @TempDir
    Path dir;

    record Result(ScriptRunner.Outcome outcome, String out, String err) {
    }

    private Result run(Path script, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        ScriptRunner.Outcome o = new ScriptRunner(dir.resolve("cache"), "test", new PrintWriter(out, true), new PrintWriter(err, true), false)
                .run(script, List.of(args));
        return new Result(o, out.toString(), err.toString());
    }

    private Path script(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void trainRoadsRunsQuickAndTheSecondRunComesFromTheCache() {
        Path script = Path.of("scripts/train-roads.kts");
        Path model = dir.resolve("roads.zip");
        Result first = run(script, "--quick", "--out", model.toString());
        assertEquals(0, first.outcome().getExitCode(), first.err());
        assertTrue(first.out().contains("classes: cobblestone, interlocking, unpaved"), first.out());
        assertTrue(first.out().contains("test accuracy: "), first.out());
        assertTrue(Files.isRegularFile(model));
        assertFalse(first.outcome().getCacheHit());
        assertTrue(first.err().contains("compiled train-roads.kts"), first.err());
        Result second = run(script, "--quick", "--out", model.toString());
        assertEquals(0, second.outcome().getExitCode(), second.err());
        assertTrue(second.outcome().getCacheHit(), "same text, same version: the compiled script is reused");
        assertFalse(second.err().contains("compiled"), second.err());
    }

    @Test
    void labCnnRunsQuick() {
        Result r = run(Path.of("scripts/lab-cnn.kts"), "--quick");
        assertEquals(0, r.outcome().getExitCode(), r.err());
        assertTrue(r.out().contains("1,199,882"), "the seed's parameter count: " + r.out());
        assertTrue(r.out().contains("1 epoch(s), test accuracy "), r.out());
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
