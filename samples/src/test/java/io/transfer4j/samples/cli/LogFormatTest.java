package io.transfer4j.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.transfer4j.transfer.io.ConsoleOutput;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/** The global {@code --log-format json} and {@code --quiet} on a tiny demo run, in-process, outside a terminal. */
class LogFormatTest {
    @TempDir
    Path dir;

    /** The command's own output, then everything on System.out and System.err while it ran. */
    record Streams(int code, String out, String stdout, String stderr) {
    }

    private Streams demo(String... global) {
        List<String> args = new ArrayList<>(List.of(global));
        args.addAll(List.of("demo", "--embedded", "--shots", "2", "--validation", "2", "--head-epochs", "2", "--scratch-epochs", "2",
                "--test-limit", "50", "--out", dir.resolve("r" + global.length).toString()));
        PrintStream savedOut = System.out;
        PrintStream savedErr = System.err;
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        StringWriter out = new StringWriter();
        int code;
        try {
            System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
            code = Transfer4j.run(new PrintWriter(out), new PrintWriter(new StringWriter()), args.toArray(String[]::new));
        } finally {
            System.setOut(savedOut);
            System.setErr(savedErr);
        }
        assertEquals(ConsoleOutput.Mode.LINES, ConsoleOutput.mode(), "the options hold for one command only");
        return new Streams(code, out.toString(), stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
    }

    @Test
    void jsonLogFormatMakesEveryStderrLineAJsonObject() throws Exception {
        Streams s = demo("--log-format", "json");
        assertEquals(0, s.code(), s.stderr());
        assertFalse((s.stdout() + s.stderr()).contains("\r"), "no carriage returns");
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> events = new ArrayList<>();
        for (String line : s.stderr().lines().toList()) {
            events.add(json.readTree(line));   // throws on any line that is not JSON
        }
        assertEquals(4, events.stream().filter(e -> e.get("event").asText().equals("epoch")).count(), s.stderr());
        assertTrue(events.stream().anyMatch(e -> e.get("event").asText().equals("log")), "log records are wrapped: " + s.stderr());
        assertFalse(s.stdout().contains("epoch "), "epochs are events, not stdout lines: " + s.stdout());
        assertTrue(s.out().contains("transfer (frozen pretrained trunk)") && s.out().contains("data: embedded"), s.out());
    }

    @Test
    void quietLeavesTheResultsOnly() {
        Streams s = demo("--quiet");
        assertEquals(0, s.code(), s.stderr());
        assertFalse((s.stdout() + s.stderr()).contains("epoch 1/"), "no epoch lines: " + s.stdout() + s.stderr());
        // The info log is silenced through slf4j-simple's level property, read when a logger is made: in a fresh
        // ./transfer4j process that is after option parsing, but in this JVM earlier tests made the loggers already.
        assertTrue(s.out().contains("from scratch (same network)"), s.out());
    }

    @Test
    void anUnknownLogFormatIsABadArgument() {
        StringWriter err = new StringWriter();
        assertEquals(2, Transfer4j.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "--log-format", "xml", "zoo", "list"));
        assertTrue(err.toString().contains("--log-format must be auto, plain or json"), err.toString());
    }
}
