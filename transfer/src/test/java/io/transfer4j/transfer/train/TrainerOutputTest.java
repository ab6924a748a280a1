package io.transfer4j.transfer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.transfer4j.transfer.io.ConsoleOutput;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/** The Trainer's progress off a terminal: one plain line per epoch, or one JSON object per epoch — no frames. */
class TrainerOutputTest {
    @AfterEach
    void back() {
        ConsoleOutput.use(null);
        ConsoleOutput.eventStream(null);
    }

    /** stdout and stderr of 3 epochs with the progress display on, in {@code mode}. */
    private static String[] train(ConsoleOutput.Mode mode) {
        ConsoleOutput.use(mode);
        PrintStream savedOut = System.out;
        PrintStream savedErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            TrainingConfig c = TrainingConfig.builder(3).batchSize(10).seed(1).progressBar(true).build();
            new Trainer(TestNets.plain(1), c).fit(TestNets.blobs(60, 1), TestNets.blobs(20, 2));
        } finally {
            System.setOut(savedOut);
            System.setErr(savedErr);
        }
        return new String[] {out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void withoutAConsoleEachEpochIsOnePlainLine() {
        String[] o = train(null);   // surefire has no console: the detected mode
        assertFalse(o[0].contains("\r") || o[1].contains("\r"), "no carriage-return frames: " + o[0] + o[1]);
        List<String> epochs = o[0].lines().filter(l -> l.startsWith("epoch ")).toList();
        assertEquals(3, epochs.size(), o[0]);
        assertTrue(epochs.get(2).startsWith("epoch 3/3  loss ") && epochs.get(2).contains("val_acc"), epochs.get(2));
    }

    @Test
    void jsonModeWritesOneParsableObjectPerEpoch() throws Exception {
        String[] o = train(ConsoleOutput.Mode.JSON);
        assertFalse(o[0].contains("epoch"), "epochs are events, not stdout lines: " + o[0]);
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> epochs = new ArrayList<>();
        for (String line : o[1].lines().toList()) {
            if (line.startsWith("{")) {   // slf4j's own lines here; the CLI wraps those too (JsonLogStream)
                epochs.add(json.readTree(line));
            }
        }
        assertEquals(List.of(1, 2, 3), epochs.stream().map(e -> e.get("epoch").asInt()).toList(), o[1]);
        JsonNode last = epochs.get(2);
        assertEquals("epoch", last.get("event").asText());
        assertEquals(60, last.get("examples").asInt());
        assertTrue(last.get("val_accuracy").isNumber() && last.get("loss").isNumber(), last.toString());
    }

    @Test
    void quietPrintsNoEpochs() {
        String[] o = train(ConsoleOutput.Mode.QUIET);
        assertFalse(o[0].contains("epoch") || o[1].contains("{"), o[0] + o[1]);
    }
}
