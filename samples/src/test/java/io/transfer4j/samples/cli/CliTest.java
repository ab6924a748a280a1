package io.transfer4j.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The command line, in-process: exit codes, outputs and one-line errors. */
class CliTest {
    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Transfer4j.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void helpListsCommands() {
        Result r = run("--help");
        assertEquals(0, r.code());
        for (String c : new String[] {"summary", "zoo", "export"}) {
            assertTrue(r.out().contains(c), r.out());
        }
    }

    @Test
    void summaryOfVgg16AndJson() {
        Result r = run("summary", "vgg16");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("block1_conv1"), r.out());
        assertTrue(r.out().contains("138,357,544 total"), r.out());
        Result j = run("summary", "vgg16", "--json");
        assertEquals(0, j.code(), j.err());
        assertTrue(j.out().contains("\"name\":\"fc1\""), j.out());
        assertTrue(j.out().contains("\"totalParams\":138357544"), j.out());
    }

    /** Keras's three counts: MobileNet 4,253,864 total, 21,888 non-trainable (BN moving mean and variance). */
    @Test
    void summaryCountsAsKerasDoes() {
        Result r = run("summary", "mobilenet");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("4,253,864 total, 4,231,976 trainable, 21,888 non-trainable"), r.out());
        Result resnet = run("summary", "resnet18");
        assertTrue(resnet.out().contains("11,699,112 total, 11,689,512 trainable, 9,600 non-trainable"), resnet.out());
        Result j = run("summary", "mobilenet", "--json");
        assertEquals(0, j.code(), j.err());
        assertTrue(j.out().contains("\"totalParams\":4253864,\"trainableParams\":4231976,\"nonTrainableParams\":21888"), j.out());
    }

    @Test
    void unknownModelIsOneLineWithSuggestionsAndExitCode1() {
        Result r = run("summary", "resnet5");
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("error: "), r.err());
        assertTrue(r.err().contains("resnet50"), r.err());
        assertTrue(r.err().contains("hint:"), r.err());
        assertTrue(!r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    @Test
    void badArgumentsExit2() {
        assertEquals(2, run("summary").code());
        assertEquals(2, run("zoo", "import", "vgg16:imagenet").code());
        assertEquals(2, run("nonsense").code());
    }

    @Test
    void zooListShowsKerasTagsAndTheCache() {
        Result r = run("zoo", "list");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("resnet50:imagenet"), r.out());
        assertTrue(r.out().contains("storage.googleapis.com"), r.out());
    }

    @Test
    void importOfMissingFileIsAClearError() {
        Result r = run("zoo", "import", "vgg16:imagenet", "/nonexistent/file.h5");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("/nonexistent/file.h5"), r.err());
    }
}
