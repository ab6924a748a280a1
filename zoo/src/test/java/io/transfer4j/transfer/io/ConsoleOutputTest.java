package io.transfer4j.transfer.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.transfer4j.zoo.weights.DownloadListener;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/** Download progress under each {@link ConsoleOutput} mode: plain lines, JSON objects or nothing — never frames off a terminal. */
class ConsoleOutputTest {
    private static final long SIZE = 1_000_000;

    @AfterEach
    void back() {
        ConsoleOutput.use(null);
        ConsoleOutput.eventStream(null);
        System.clearProperty(ConsoleOutput.PROPERTY);
    }

    /** What the download listener printed for a file arriving in 37 KB pieces, a retry and a note in between. */
    private static String download(ConsoleOutput.Mode mode) {
        ConsoleOutput.use(mode);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        ConsoleOutput.eventStream(out);
        DownloadListener l = DownloadListener.progressBar(out);
        URI url = URI.create("http://127.0.0.1/w.h5");
        l.started(url, "w.h5", 0, SIZE);
        for (long b = 37_000; b < 400_000; b += 37_000) {
            l.progress(b);
        }
        l.retrying(1, Duration.ofMillis(5), "connection reset");
        l.started(url, "w.h5", 400_000, SIZE);
        for (long b = 437_000; b < SIZE; b += 37_000) {
            l.progress(b);
        }
        l.progress(SIZE);
        l.note("verified");
        l.stopped();
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void offATerminalADownloadIsOneLinePerTenPercentWithoutCarriageReturns() {
        assertEquals(ConsoleOutput.Mode.LINES, ConsoleOutput.mode(), "tests have no console: plain lines by default");
        String text = download(null);
        assertFalse(text.contains("\r"), text);
        List<String> lines = text.lines().toList();
        // a line on crossing each 10% mark (the bytes actually there), from the resumed offset on after the retry
        assertEquals(List.of(" 11%", " 22%", " 33%", " 51%", " 62%", " 73%", " 80%", " 91%", "100%"),
                lines.stream().filter(s -> s.startsWith("w.h5: ")).map(s -> s.substring(6, 10)).toList(), text);
        assertTrue(lines.get(0).startsWith("Downloading http://127.0.0.1/w.h5"), text);
        assertTrue(text.contains("Resuming http://127.0.0.1/w.h5 from byte 400000"), text);
        assertTrue(text.contains("retrying in 5 ms") && text.endsWith("verified\n"), text);
    }

    @Test
    void jsonModeWritesOneParsableObjectPerEvent() throws Exception {
        String text = download(ConsoleOutput.Mode.JSON);
        assertFalse(text.contains("\r"), text);
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> events = new java.util.ArrayList<>();
        for (String line : text.lines().toList()) {
            events.add(json.readTree(line));
        }
        assertEquals(List.of("download_started", "download", "download", "download", "download_retry", "download_started",
                        "download", "download", "download", "download", "download", "download", "note"),
                events.stream().map(e -> e.get("event").asText()).toList(), text);
        JsonNode last = events.get(events.size() - 2);
        assertEquals(SIZE, last.get("bytes").asLong());
        assertEquals(SIZE, last.get("total").asLong());
    }

    @Test
    void quietPrintsNothingAndNaNBecomesNull() throws Exception {
        assertEquals("", download(ConsoleOutput.Mode.QUIET));
        JsonNode e = new ObjectMapper().readTree(ConsoleOutput.json("epoch", Map.of("val_loss", Double.NaN)));
        assertTrue(e.get("val_loss").isNull(), e.toString());
    }

    @Test
    void thePropertyChoosesTheModeAndABadValueIsNamed() {
        System.setProperty(ConsoleOutput.PROPERTY, "json");
        assertEquals(ConsoleOutput.Mode.JSON, ConsoleOutput.mode());
        ConsoleOutput.use(ConsoleOutput.Mode.QUIET);
        assertEquals(ConsoleOutput.Mode.QUIET, ConsoleOutput.mode(), "use() wins over the property");
        ConsoleOutput.use(null);
        System.setProperty(ConsoleOutput.PROPERTY, "fancy");
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, ConsoleOutput::mode);
        assertTrue(bad.getMessage().contains("transfer4j.output=fancy") && bad.getMessage().contains("bar, lines, json, quiet"),
                bad.getMessage());
    }
}
