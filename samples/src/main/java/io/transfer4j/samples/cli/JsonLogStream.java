package io.transfer4j.samples.cli;

import io.transfer4j.transfer.io.ConsoleOutput;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * stderr for {@code --log-format json}: passes JSON event lines through and wraps every other line (slf4j's
 * {@code [INFO] message}, a library's stray print) as {@code {"event":"log","level":..,"message":..}}, so a
 * pipeline can parse every line.
 */
final class JsonLogStream extends PrintStream {
    private static final Pattern LEVELLED = Pattern.compile("\\[(TRACE|DEBUG|INFO|WARN|ERROR)] (.*)", Pattern.DOTALL);

    JsonLogStream(PrintStream target) {
        super(new Lines(target), true, StandardCharsets.UTF_8);
    }

    /** Collects bytes into lines and writes each as one JSON object. */
    private static final class Lines extends OutputStream {
        private final PrintStream target;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        Lines(PrintStream target) {
            this.target = target;
        }

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                emit();
            } else {
                line.write(b);
            }
        }

        @Override
        public synchronized void flush() {
            target.flush();
        }

        private void emit() {
            String text = line.toString(StandardCharsets.UTF_8).strip();
            line.reset();
            if (text.isEmpty()) {
                return;
            }
            if (text.startsWith("{") && text.endsWith("}")) {
                target.println(text);
                return;
            }
            Map<String, Object> fields = new LinkedHashMap<>();
            Matcher m = LEVELLED.matcher(text);
            fields.put("level", m.matches() ? m.group(1) : "INFO");
            fields.put("message", m.matches() ? m.group(2) : text);
            target.println(ConsoleOutput.json("log", fields));
        }
    }
}
