package io.transfer4j.transfer.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.transfer4j.dsl.Network;
import io.transfer4j.dsl.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import onnx.Onnx;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ONNX → transfer4j network: a DSL network exported to ONNX (Conv+BN+Relu, MaxPool, a branch with Add and Concat,
 * depthwise conv, GlobalAveragePool, Flatten, Gemm, Softmax — the patterns PyTorch exports) imports back with equal
 * outputs, names from the ONNX nodes, and exports again to the same ONNX Runtime outputs; unmappable nodes and
 * truncated files are clear errors.
 */
class OnnxImportTest {
    @TempDir
    Path dir;

    private static Network source() {
        Network.builder("warmup");
        var b = Network.builder("src").seed(3).input(12, 12, 3)
                .conv(6, 3).same().noBias().name("stem").batchNorm().eps(1e-5).name("stem_bn").relu().name("stem_relu")
                .maxPool(3).stride(2).pad(1).ceilMode().name("pool");
        b.conv(6, 1).name("a").from("pool").conv(6, 3).pad(1).name("c");
        b.add("a", "c").name("sum").relu();
        b.concat(b.last(), "pool").name("cat").depthwiseConv(3, 1).stride(2).pad(0, 1, 0, 1).name("dw").relu6()
                .globalAvgPool().name("gap").dense(5).name("fc").softmax();
        return b.build();
    }

    @Test
    void exportedNetworkImportsBackWithEqualOutputs() throws Exception {
        Network net = source();
        ComputationGraph g = net.graph();
        for (var l : g.getLayers()) {   // non-trivial BN statistics
            if (l.paramTable().containsKey("mean")) {
                l.getParam("mean").assign(Nd4j.rand(l.getParam("mean").shape()).subi(0.5));
            }
        }
        Path file = OnnxExport.export(net, dir.resolve("src.onnx"));
        Network imported = OnnxImport.importNetwork(file);
        INDArray x = Nd4j.rand(new long[] {2, 3, 12, 12}).subi(0.5).muli(3);
        INDArray expected = g.outputSingle(false, x);
        INDArray actual = imported.graph().outputSingle(false, x);
        assertEquals(0.0, expected.sub(actual).amaxNumber().doubleValue(), 1e-5);
        assertEquals(Shape.flat(5), imported.outputShape());
        assertTrue(imported.layerNames().containsAll(java.util.List.of("stem_conv", "stem_bn", "pool", "sum", "cat", "fc_gemm")),
                imported.layerNames().toString());
        assertEquals(net.parameterCount(), imported.parameterCount());
        // and out again: ONNX Runtime on the re-exported file agrees
        try (Engine e = Engine.create(Engine.Kind.ONNX_RUNTIME, imported.graph(), imported.inputShapes(), null, dir)) {
            OnnxExportTest.assertClose(expected, e.output(x), "re-exported");
        }
    }

    /**
     * A file PyTorch 1.13's {@code torch.onnx.export} wrote ({@code src/test/python/make_onnx_import_fixture.py}: Conv+BN+ReLU,
     * ceil-mode max pooling, residual Add, Concat, depthwise conv, ReLU6 as Clip, average pooling counting padding,
     * global average pooling, Flatten, Linear as Gemm): the imported network computes PyTorch's stored output, and can be
     * re-headed and trained like a zoo model.
     */
    @Test
    void aPyTorchExportImportsWithPyTorchsOutputs() throws Exception {
        Network.builder("warmup");
        Path file = Path.of(getClass().getResource("/onnx-import/small_torch.onnx").toURI());
        Network net = OnnxImport.importNetwork(file);
        var json = new org.nd4j.shade.jackson.databind.ObjectMapper().readTree(getClass().getResourceAsStream("/onnx-import/small_torch.json"));
        INDArray x = Nd4j.create(floats(json.get("input")), new long[] {2, 3, 23, 23}, 'c');
        INDArray expected = Nd4j.create(floats(json.get("output")), new long[] {2, 5}, 'c');
        INDArray actual = net.graph().outputSingle(false, x);
        double err = expected.sub(actual).amaxNumber().doubleValue() / expected.amaxNumber().doubleValue();
        assertTrue(err <= 1e-5, "relative difference to PyTorch " + err + "\n" + net.summary());

        // usable like a zoo model: a new head, the trunk frozen, a prediction of the new head's width
        var model = io.transfer4j.transfer.TransferModel.from(net).newHead(io.transfer4j.transfer.Head.classes(2).cutAt("GlobalAveragePool")).freezeAll();
        assertTrue(model.summary().frozenParams() > 0, model.summary().toString());
        assertEquals(2, model.graph().outputSingle(false, x).size(1));
    }

    private static float[] floats(org.nd4j.shade.jackson.databind.JsonNode values) {
        float[] v = new float[values.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) values.get(i).asDouble();
        }
        return v;
    }

    @Test
    void anUnsupportedNodeIsNamedWithItsInputsAndTheSupportedOps() {
        OnnxGraph og = new OnnxGraph("lstm");
        og.input("input", -1, 3, 4, 4);
        og.node("Relu", "r", "r", new String[] {"input"});
        og.node("LSTM", "my_lstm", "y", new String[] {"r"});
        og.output("y", -1, 3, 4, 4);
        var e = assertThrows(IllegalArgumentException.class, () -> OnnxImport.fromModel(og.model("t"), "lstm"));
        assertTrue(e.getMessage().contains("cannot import ONNX node 'my_lstm' (op LSTM)") && e.getMessage().contains("r 4x4x3")
                && e.getMessage().contains("supported ops: [Add, AveragePool"), e.getMessage());
    }

    @Test
    void checkListsEveryNodeThatWouldNotMap() throws Exception {
        OnnxGraph og = new OnnxGraph("two-problems");
        og.input("input", -1, 3, 4, 4);
        og.node("LSTM", "my_lstm", "a", new String[] {"input"});
        og.node("Clip", "clip_pm1", "b", new String[] {"a", og.initializer("lo", Nd4j.scalar(-1f)), og.initializer("hi", Nd4j.scalar(1f))});
        og.node("Relu", "fine", "y", new String[] {"b"});
        og.output("y", -1, 3, 4, 4);
        Path file = OnnxExport.write(og.model("t"), dir.resolve("two.onnx"));
        var problems = OnnxImport.check(file);
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("'my_lstm' (op LSTM)") && problems.get(1).contains("'clip_pm1' (op Clip): Clip(-1.0, 1.0)"), problems.toString());
        assertTrue(OnnxImport.check(OnnxExport.export(source(), dir.resolve("ok.onnx"))).isEmpty());
    }

    @Test
    void aTruncatedFileIsAOneLineErrorNamingTheFile() throws Exception {
        Path file = OnnxExport.export(source(), dir.resolve("whole.onnx"));
        byte[] bytes = Files.readAllBytes(file);
        Path cut = Files.write(dir.resolve("cut.onnx"), Arrays.copyOf(bytes, bytes.length / 2));
        var e = assertThrows(IllegalArgumentException.class, () -> OnnxImport.importNetwork(cut));
        assertTrue(e.getMessage().contains("cut.onnx") && !e.getMessage().contains("\n"), e.getMessage());
    }
}
