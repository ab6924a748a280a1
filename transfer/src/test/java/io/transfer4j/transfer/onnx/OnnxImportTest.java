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
    void aTruncatedFileIsAOneLineErrorNamingTheFile() throws Exception {
        Path file = OnnxExport.export(source(), dir.resolve("whole.onnx"));
        byte[] bytes = Files.readAllBytes(file);
        Path cut = Files.write(dir.resolve("cut.onnx"), Arrays.copyOf(bytes, bytes.length / 2));
        var e = assertThrows(IllegalArgumentException.class, () -> OnnxImport.importNetwork(cut));
        assertTrue(e.getMessage().contains("cut.onnx") && !e.getMessage().contains("\n"), e.getMessage());
    }
}
