package io.transfer4j.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Issue 23's default: {@code build()} without {@code weights(...)} gives random weights (never a download), and a
 * model that has ImageNet weights says so in one warning line; {@code weights("none")} silences it.
 */
class DefaultWeightsTest {

    /** What {@code build} writes to stderr (slf4j-simple's WARN lines go there). */
    private static String stderrOf(Runnable build) {
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            build.run();
        } finally {
            System.setErr(saved);
        }
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void noWeightsGivenMeansRandomWeightsWithOneWarningLine() {
        ModelBuilder b = Zoo.vgg16();
        String err = stderrOf(b::build);
        assertNull(b.loadReport(), "nothing loaded, nothing downloaded");
        long lines = err.lines().filter(l -> l.contains("vgg16 built with random weights")).count();
        assertEquals(1, lines, err);
        assertTrue(err.contains("weights(\"imagenet\")") && err.contains("weights(\"none\")"), err);
        assertEquals(b.randomWeightsWarning(), err.lines().filter(l -> l.contains("random weights")).findFirst().orElseThrow()
                .replaceFirst("^.*WARN [^ ]+ - ", ""), "the warning is the documented line");
    }

    @Test
    void sayingNoneOrAModelWithoutImageNetWeightsLogsNothing() {
        ModelBuilder none = Zoo.vgg16().weights(ModelBuilder.NO_WEIGHTS);
        assertNull(none.randomWeightsWarning());
        assertFalse(stderrOf(none::build).contains("random weights"));
        ModelBuilder lenet = Zoo.model("lenet5");
        assertNull(lenet.randomWeightsWarning(), "LeNet-5 has no ImageNet weights to miss");
        assertFalse(stderrOf(lenet::build).contains("random weights"));
    }
}
