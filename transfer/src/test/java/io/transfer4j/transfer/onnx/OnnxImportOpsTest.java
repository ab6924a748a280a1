package io.transfer4j.transfer.onnx;

import static io.transfer4j.transfer.onnx.OnnxGraph.integer;
import static io.transfer4j.transfer.onnx.OnnxGraph.ints;
import static io.transfer4j.transfer.onnx.OnnxGraph.real;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.transfer4j.dsl.Network;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import onnx.Onnx;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Issue 29: each operator pattern CNN exporters write, in an ONNX file made here with ONNX's protobuf classes, imports to
 * a network whose output equals ONNX Runtime's on the same file (within 1e-5 of the largest output), maps to the DSL
 * layer it should (swish, scaleChannels, a grouped-conv block, ...), and exports back to the same outputs.
 */
class OnnxImportOpsTest {
    @TempDir
    Path dir;

    /** One case: a graph from a 3×9×9 input {@code "input"} to the output {@code "y"} (shape given), and the layers it must map to. */
    record Case(String name, int opset, long[] outShape, List<String> mustContain, List<String> mustNotContain, Consumer<OnnxGraph> body) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                new Case("squeeze-excite broadcast Mul", 13, new long[] {-1, 8, 9, 9}, List.of("scale", "gap_keep"), List.of(), g -> {
                    String x = conv(g, "c", "input", 3, 8, 3, 1, 1);
                    String r = g.node("Relu", "relu", "r", new String[] {x});
                    String s = g.node("GlobalAveragePool", "gap_keep", "s", new String[] {r});
                    String f1 = conv(g, "fc1", s, 8, 4, 1, 1, 0);
                    String a = g.node("Relu", "fc1_relu", "a", new String[] {f1});
                    String f2 = conv(g, "fc2", a, 4, 8, 1, 1, 0);
                    String gate = g.node("Sigmoid", "gate", "gate", new String[] {f2});
                    g.node("Mul", "scale", "y", new String[] {r, gate});
                }),
                new Case("SiLU as x*sigmoid(x), ReduceMean keepdims 0, Gemm", 13, new long[] {-1, 5}, List.of("silu", "mean"),
                        List.of("sig"), g -> {
                    String x = conv(g, "c", "input", 3, 6, 3, 2, 1);
                    String s = g.node("Sigmoid", "sig", "s", new String[] {x});
                    String m = g.node("Mul", "silu", "m", new String[] {x, s});
                    String p = g.node("ReduceMean", "mean", "p", new String[] {m}, ints("axes", 2, 3), integer("keepdims", 0));
                    gemm(g, "fc", p, 6, 5);
                }),
                new Case("HardSwish op, HardSigmoid, x*HardSigmoid(x) as hard swish", 14, new long[] {-1, 6, 9, 9},
                        List.of("hswish", "hsig", "hswish2"), List.of("hsig_torch"), g -> {
                    String x = conv(g, "c", "input", 3, 6, 3, 1, 1);
                    String h = g.node("HardSwish", "hswish", "h", new String[] {x});
                    String s = g.node("HardSigmoid", "hsig", "s", new String[] {h});
                    String t = g.node("HardSigmoid", "hsig_torch", "t", new String[] {s}, real("alpha", 1 / 6.0), real("beta", 0.5));
                    g.node("Mul", "hswish2", "y", new String[] {t, s});
                }),
                new Case("ReduceMean keepdims 1 + Flatten, Reshape via Shape/Gather/Unsqueeze/Concat", 13, new long[] {-1, 4},
                        List.of("mean", "out"), List.of("flat", "view"), g -> {   // flatten and reshape of the pooled vector: no layers
                    String x = conv(g, "c", "input", 3, 4, 3, 1, 0);
                    String p = g.node("ReduceMean", "mean", "p", new String[] {x}, ints("axes", -2, -1));
                    String f = g.node("Flatten", "flat", "f", new String[] {p});
                    String shape = g.node("Shape", "shape", "shape", new String[] {f});
                    String zero = g.initializerLongs("zero", 0);
                    String n = g.node("Gather", "gather", "n", new String[] {shape, zero}, integer("axis", 0));
                    String minus = g.initializerLongs("minus_one", -1);
                    String target = g.node("Concat", "target", "target", new String[] {n, minus}, integer("axis", 0));
                    String r = g.node("Reshape", "view", "r", new String[] {f, target});
                    g.node("Relu", "out", "y", new String[] {r});
                }),
                new Case("Reshape of an image to [0, -1]", 13, new long[] {-1, 3}, List.of("view"), List.of(), g -> {
                    String x = conv(g, "c", "input", 3, 2, 3, 2, 0);
                    String r = g.node("Reshape", "view", "r", new String[] {x, g.initializerLongs("target", 0, -1)});
                    gemm(g, "fc", r, 32, 3);
                }),
                new Case("grouped conv (4 groups, stride 2, asymmetric pads)", 13, new long[] {-1, 8, 5, 4}, List.of("grouped_conv3", "grouped_concat"),
                        List.of(), g -> {
                    String x = conv(g, "c", "input", 3, 8, 1, 1, 0);
                    String w = g.initializer("gw", rand(8, 2, 3, 3));
                    String bias = g.initializer("gb", rand(8));
                    g.node("Conv", "grouped", "y", new String[] {x, w, bias}, ints("kernel_shape", 3, 3), ints("strides", 2, 2),
                            ints("pads", 1, 0, 1, 0), integer("group", 4));
                }),
                new Case("Clip as ReLU6 and as ReLU", 13, new long[] {-1, 4, 9, 9}, List.of("relu6", "relu"), List.of(), g -> {
                    String x = conv(g, "c", "input", 3, 4, 3, 1, 1);
                    String big = g.node("Mul", "times", "big", new String[] {x, x});
                    String c6 = g.node("Clip", "relu6", "c6", new String[] {big, g.initializer("lo", Nd4j.scalar(0f)), g.initializer("hi", Nd4j.scalar(6f))});
                    g.node("Clip", "relu", "y", new String[] {c6, g.initializer("lo2", Nd4j.scalar(0f))});
                }),
                new Case("BN folded into Conv by the exporter (conv bias only) and a BN of its own", 13, new long[] {-1, 5, 9, 9},
                        List.of("c_conv", "bn"), List.of(), g -> {
                    String x = conv(g, "c", "input", 3, 5, 3, 1, 1);
                    g.node("BatchNormalization", "bn", "y", new String[] {x, g.initializer("gamma", rand(5).addi(0.5)),
                            g.initializer("beta", rand(5)), g.initializer("mean", rand(5)), g.initializer("var", rand(5).muli(0.5).addi(0.5))},
                            real("epsilon", 1e-3));
                })
        ).map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void importsWithOnnxRuntimesOutputs(Case c) throws Exception {
        Network.builder("warmup");
        Nd4j.getRandom().setSeed(c.name.hashCode());
        OnnxGraph g = new OnnxGraph(c.name);
        g.input("input", -1, 3, 9, 9);
        c.body.accept(g);
        g.output("y", c.outShape);
        Onnx.ModelProto model = g.model("test").toBuilder()
                .setOpsetImport(0, Onnx.OperatorSetIdProto.newBuilder().setDomain("").setVersion(c.opset)).build();
        Path file = OnnxExport.write(model, dir.resolve("case.onnx"));

        Network net = OnnxImport.importNetwork(file);
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 9, 9).subi(0.5).muli(6);
        INDArray ours = net.graph().outputSingle(false, x.dup());
        INDArray ort;
        try (Engine e = Engine.onnxRuntime(file, "y")) {
            ort = e.output(x.dup());
        }
        assertClose(ort.reshape(ours.shape()), ours, c.name + "\n" + net.summary());
        List<String> names = net.layerNames();
        assertTrue(c.mustContain.stream().allMatch(names::contains), "expected layers " + c.mustContain + " in " + names);
        assertTrue(c.mustNotContain.stream().noneMatch(names::contains), "no layers " + c.mustNotContain + " in " + names);

        // and back out: ONNX Runtime on the re-exported network agrees
        Path again = OnnxExport.export(net, dir.resolve("again.onnx"));
        try (Engine e = Engine.onnxRuntime(again, net.graph().getConfiguration().getNetworkOutputs().get(0))) {
            assertClose(ort.reshape(ours.shape()), e.output(x.dup()).reshape(ours.shape()), c.name + " re-exported");
        }
    }

    /** Within 1e-5 relative to the largest output. */
    static void assertClose(INDArray expected, INDArray actual, String what) {
        assertEquals(java.util.Arrays.toString(expected.shape()), java.util.Arrays.toString(actual.shape()), what);
        double scale = Math.max(expected.amaxNumber().doubleValue(), 1e-12);
        double err = expected.sub(actual).amaxNumber().doubleValue() / scale;
        assertTrue(err <= 1e-5, what + ": relative difference " + err);
    }

    private static INDArray rand(long... shape) {
        return Nd4j.rand(DataType.FLOAT, shape).subi(0.5f);
    }

    private static String conv(OnnxGraph g, String name, String x, int in, int out, int k, int stride, int pad) {
        return g.node("Conv", name + "_conv", g.fresh(name), new String[] {x, g.initializer(name + "_W", rand(out, in, k, k)),
                g.initializer(name + "_b", rand(out))}, ints("kernel_shape", k, k), ints("strides", stride, stride), ints("pads", pad, pad, pad, pad));
    }

    private static void gemm(OnnxGraph g, String name, String x, int in, int out) {
        g.node("Gemm", name, "y", new String[] {x, g.initializer(name + "_W", rand(out, in)), g.initializer(name + "_b", rand(out))},
                integer("transB", 1));
    }
}
