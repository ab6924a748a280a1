package io.transfer4j.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.transfer4j.samples.finetune.FinetuneOptions;
import io.transfer4j.samples.roads.StandIn;
import io.transfer4j.samples.roads.SyntheticRoads;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/** Every command's {@code --json}: one parseable object with schemaVersion, command and its documented keys; --version; defaults. */
class JsonOutputTest {
    @TempDir
    Path dir;

    /** Runs the command, requires exit 0 and stdout that is exactly one JSON object with the given keys. */
    static JsonNode json(String command, List<String> keys, String... args) throws Exception {
        CliTest.Result r = CliTest.run(args);
        assertEquals(0, r.code(), r.err());
        assertEquals(1, r.out().strip().lines().count(), "one line of JSON: " + r.out());
        JsonNode n = new ObjectMapper().readTree(r.out());
        assertEquals(1, n.get("schemaVersion").asInt(), r.out());
        assertEquals(command, n.get("command").asText());
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        assertEquals(keys, names.subList(2, names.size()), command);
        return n;
    }

    @Test
    void summary() throws Exception {
        JsonNode n = json("summary", List.of("model", "layers", "totalParams", "trainableParams", "nonTrainableParams", "frozenParams", "activations"),
                "summary", "lenet5", "--json");
        assertTrue(n.get("layers").size() > 3);
        assertEquals(List.of("name", "type", "shape", "params", "weights", "activations", "rf", "jump", "frozen", "nonTrainable"),
                keys(n.get("layers").get(0)));
    }

    @Test
    void predictEvaluateExport() throws Exception {
        Path model = PredictEvaluateTest.tinyModel(dir);
        Path data = PredictEvaluateTest.tinyImages(dir);
        JsonNode p = json("predict", List.of("model", "engine", "multiLabel", "results"), "predict", "--model", model.toString(), "--json", "--top", "1",
                data.resolve("dark/0.png").toString(), data.resolve("light/0.png").toString());
        assertEquals(2, p.get("results").size());
        assertEquals(List.of("image", "predictions"), keys(p.get("results").get(0)));
        assertEquals(List.of("index", "label", "probability"), keys(p.get("results").get(0).get("predictions").get(0)));
        for (String top : new String[] {"2", "1"}) {      // the key set never depends on --top
            JsonNode e = json("evaluate", List.of("model", "data", "count", "accuracy", "topK", "macroF1", "classes", "confusion"),
                    "evaluate", "--model", model.toString(), "--data", data.toString(), "--top", top, "--json");
            assertEquals(6, e.get("count").asInt());
            assertEquals(Integer.parseInt(top), e.get("topK").get("k").asInt());
        }
        JsonNode x = json("export", List.of("model", "out", "bytes"), "export", "--model", model.toString(), "--out",
                dir.resolve("t.onnx").toString(), "--json");
        assertEquals(Files.size(dir.resolve("t.onnx")), x.get("bytes").asLong());
    }

    @Test
    void zooListVerifyAndDoctor() throws Exception {
        JsonNode l = json("zoo list", List.of("cache", "tags"), "zoo", "list", "--json");
        assertTrue(l.get("tags").size() > 5);
        assertEquals(List.of("tag", "format", "cached", "url"), keys(l.get("tags").get(0)));
        JsonNode v = json("zoo verify", List.of("files", "corrupt"), "zoo", "verify", "--json");
        assertEquals(0, v.get("corrupt").asInt());
        JsonNode d = json("doctor", List.of("version", "java", "natives", "onnxRuntime", "gpuBackend", "cache", "offline", "mirrors",
                "mirrorLogins", "proxy"), "doctor", "--json");
        assertTrue(d.get("onnxRuntime").asBoolean(), "onnxruntime is a dependency of the CLI");
        assertEquals(BuildVersion.get(), d.get("version").asText());
    }

    @Test
    void finetunePrintsOnlyJsonOnStdout() throws Exception {
        Path roads = SyntheticRoads.write(dir.resolve("roads"), 12, 48);
        Path standIn = StandIn.write(dir.resolve("standin.zip"));
        JsonNode f = json("finetune", List.of("model", "report", "baseModel", "test", "head", "trunk"), "finetune", "--data", roads.toString(),
                "--model", StandIn.MODEL, "--weights", standIn.toString(), "--size", "32", "--epochs", "1", "--batch", "8", "--hidden", "0",
                "--out", dir.resolve("m.zip").toString(), "--report", dir.resolve("rep").toString(), "--json");
        assertEquals(dir.resolve("m.zip").toString(), f.get("model").asText());
        assertTrue(Files.isRegularFile(dir.resolve("m.zip")));
        assertEquals(1, f.get("head").get("epochs").asInt());
        assertTrue(f.get("trunk").isNull());
        assertTrue(f.get("test").get("accuracy").isNumber());
    }

    @Test
    void versionComesFromTheBuild() {
        CliTest.Result r = CliTest.run("--version");
        assertEquals(0, r.code());
        assertTrue(r.out().matches("(?s)transfer4j \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\R.*"), r.out());
    }

    @Test
    void finetuneDefaultsSuitALaptopAndFollowTheDataFolder() {
        assertEquals("resnet50", new FinetuneCommand.Options().model);
        CliTest.Result help = CliTest.run("finetune", "--help");
        assertTrue(help.out().contains("default resnet50"), help.out());
        assertTrue(help.out().contains("name>.zip"), help.out());
        assertTrue(help.out().contains("default 42") && help.out().contains("default 3"), "seed and patience defaults: " + help.out());
        FinetuneOptions o = FinetuneOptions.parse("--data", "/some/where/flowers/");
        assertEquals(Path.of("flowers.zip"), o.out);
        assertEquals(Path.of("flowers-report"), o.report);
        assertEquals("vgg16", o.model, "the road sample keeps the course's VGG16");
    }

    private static List<String> keys(JsonNode n) {
        List<String> k = new ArrayList<>();
        n.fieldNames().forEachRemaining(k::add);
        return k;
    }
}
