package io.transfer4j.samples.roads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.transfer4j.samples.cli.Transfer4j;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/** {@code finetune} fills the trunk-feature store under the transfer4j home; {@code cache list|clear} show and empty it. */
class FeatureStoreCommandTest {
    @TempDir
    Path dir;
    private String home;

    @BeforeEach
    void ownHome() {
        home = System.getProperty("transfer4j.home");
        System.setProperty("transfer4j.home", dir.resolve("home").toString());
    }

    @AfterEach
    void restoreHome() {
        if (home == null) {
            System.clearProperty("transfer4j.home");
        } else {
            System.setProperty("transfer4j.home", home);
        }
    }

    private String run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Transfer4j.run(new PrintWriter(out), new PrintWriter(err), args);
        assertEquals(0, code, err.toString());
        return out.toString();
    }

    private JsonNode list() throws Exception {
        return new ObjectMapper().readTree(run("cache", "list", "--json"));
    }

    private void finetune(Path roads, Path standIn, String name, String... more) {
        List<String> a = new ArrayList<>(List.of("finetune", "--data", roads.toString(), "--model", StandIn.MODEL, "--weights",
                standIn.toString(), "--size", "32", "--epochs", "1", "--batch", "8", "--out", dir.resolve(name + ".zip").toString(),
                "--report", dir.resolve(name + "-report").toString()));
        a.addAll(List.of(more));
        run(a.toArray(String[]::new));
    }

    @Test
    void aSecondFinetuneFindsItsFeaturesAndCacheClearEmptiesTheStore() throws Exception {
        Path roads = SyntheticRoads.write(dir.resolve("roads"), 8, 32);
        Path standIn = StandIn.write(dir.resolve("standin.zip"));
        finetune(roads, standIn, "nostore", "--no-feature-store");
        assertEquals(0, list().get("trunks").size(), "--no-feature-store keeps nothing");

        finetune(roads, standIn, "first", "--hidden", "0");
        JsonNode first = list();
        assertEquals(1, first.get("trunks").size(), first.toString());
        int images = first.get("trunks").get(0).get("images").asInt();
        assertTrue(images > 0 && first.get("bytes").asLong() > 0, first.toString());

        finetune(roads, standIn, "second", "--hidden", "16", "--lr", "3e-3");    // another head: the same trunk features
        JsonNode second = list();
        assertEquals(1, second.get("trunks").size());
        assertEquals(images, second.get("trunks").get(0).get("images").asInt(), "no new features: " + second);
        assertTrue(run("cache", "list").contains(first.get("trunks").get(0).get("key").asText()));

        assertTrue(run("cache", "clear").contains("cleared"));
        assertEquals(0, list().get("trunks").size());
    }
}
