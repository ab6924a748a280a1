package io.transfer4j.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.transfer4j.dsl.Network;
import io.transfer4j.samples.roads.SyntheticRoads;
import io.transfer4j.transfer.TransferModel;
import io.transfer4j.transfer.onnx.OnnxExport;
import io.transfer4j.zoo.Preprocessing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 29's CLI path: an ONNX file (here one this project exports from a small DSL network) is checked, imported with
 * a preprocessing and labels into a model file, and that file then works wherever a zoo name does — summary, predict,
 * explain, export and finetune (on a small image folder, the head re-made for its classes with the preprocessing kept).
 * Bad files: one unmappable node listed by --check, a truncated file a one-line error naming it.
 */
class ImportCommandTest {
    @TempDir
    Path dir;

    private Path onnx() {
        Network net = Network.builder("small").seed(8).input(32, 32, 3).conv(6, 3).same().name("stem").relu().maxPool(2).name("pool")
                .conv(8, 3).name("conv2").relu().globalAvgPool().name("gap").dense(4).name("fc").softmax().build();
        return OnnxExport.export(net, dir.resolve("small.onnx"));
    }

    @Test
    void importedFileWorksWhereAZooNameDoes() throws Exception {
        Path onnx = onnx();
        CliTest.Result r = CliTest.run("import", "--check", onnx.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("every node maps"), r.out());

        Path labels = Files.write(dir.resolve("labels.txt"), List.of("ant", "bee", "cat", "dog"));
        Path model = dir.resolve("small.zip");
        String json = "{\"mean\": [0.5, 0.4, 0.3], \"std\": [0.2, 0.25, 0.3], \"scale\": 0.00392156862745098, \"channelOrder\": \"BGR\"}";
        r = CliTest.run("import", onnx.toString(), "--preprocess", json, "--labels", labels.toString(), "--out", model.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("classifier fc_gemm reads features gap") && r.out().contains("wrote " + model), r.out());
        TransferModel saved = TransferModel.load(model);
        assertEquals(new Preprocessing(32, 32, 3, true, 1 / 255.0, new double[] {0.5, 0.4, 0.3}, new double[] {0.2, 0.25, 0.3}),
                saved.preprocessing());
        assertEquals(List.of("ant", "bee", "cat", "dog"), saved.labels());

        List<String> keys = List.of("schemaVersion", "command", "model", "out", "problems", "layers", "params", "inputShape", "outputs",
                "classifierLayer", "featureLayer", "preprocessing");
        for (List<String> args : List.of(List.of("import", "--check", "--json", onnx.toString()), List.of("import", onnx.toString(), "--json",
                "--preprocess", "torch", "--out", dir.resolve("plain.zip").toString()))) {
            r = CliTest.run(args.toArray(String[]::new));
            assertEquals(0, r.code(), r.err());
            var o = new org.nd4j.shade.jackson.databind.ObjectMapper().readTree(r.out());
            List<String> got = new java.util.ArrayList<>();
            o.fieldNames().forEachRemaining(got::add);
            assertEquals(keys, got, r.out());
            assertEquals(0, o.get("problems").size());
        }

        r = CliTest.run("summary", model.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("stem_conv") && r.out().contains("fc_gemm"), r.out());

        Path roads = SyntheticRoads.write(dir.resolve("roads"), 8, 40);
        Path image = Files.list(roads.resolve("unpaved")).findFirst().orElseThrow();
        r = CliTest.run("predict", "--model", model.toString(), "--top", "2", image.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(List.of("ant", "bee", "cat", "dog").stream().anyMatch(r.out()::contains), r.out());

        r = CliTest.run("explain", "--model", model.toString(), "--out", dir.resolve("cam").toString(), image.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.isRegularFile(dir.resolve("cam/index.html")), r.out());

        r = CliTest.run("export", "--model", model.toString(), "--out", dir.resolve("back.onnx").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.size(dir.resolve("back.onnx")) > 0);

        Path tuned = dir.resolve("roads.zip");
        r = CliTest.run("finetune", "--data", roads.toString(), "--model", model.toString(), "--epochs", "1", "--batch", "8",
                "--hidden", "0", "--out", tuned.toString(), "--report", dir.resolve("rep").toString());
        assertEquals(0, r.code(), r.err());
        TransferModel t = TransferModel.load(tuned);
        assertEquals(SyntheticRoads.CLASSES, t.labels());
        assertEquals(saved.preprocessing(), t.preprocessing(), "the imported preprocessing feeds the fine-tuned model too");
        assertTrue(t.layerNames().contains("stem_conv") && t.isFrozen("stem_conv"), t.layerNames().toString());
        r = CliTest.run("predict", "--model", tuned.toString(), image.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("unpaved") || r.out().contains("cobblestone") || r.out().contains("interlocking"), r.out());
    }

    @Test
    void badFilesAreNamedInOneLine() throws Exception {
        Path onnx = onnx();
        byte[] bytes = Files.readAllBytes(onnx);
        Path cut = Files.write(dir.resolve("cut.onnx"), Arrays.copyOf(bytes, bytes.length / 3));
        CliTest.Result r = CliTest.run("import", cut.toString(), "--preprocess", "torch", "--out", dir.resolve("x.zip").toString());
        assertEquals(1, r.code());
        String first = r.err().lines().findFirst().orElse("");
        assertTrue(first.contains("cut.onnx") && first.contains("truncated"), r.err());
        assTrueNoTrace(r.err());
        assertTrue(!Files.exists(dir.resolve("x.zip")));

        r = CliTest.run("import", onnx.toString(), "--preprocess", "{\"mean\": [0.5]}", "--out", dir.resolve("x.zip").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("bad preprocessing JSON"), r.err());

        r = CliTest.run("import", onnx.toString(), "--out", dir.resolve("x.zip").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("needs --preprocess"), r.err());
    }

    private static void assTrueNoTrace(String err) {
        assertTrue(!err.contains("\tat "), "no stack trace: " + err);
    }
}
