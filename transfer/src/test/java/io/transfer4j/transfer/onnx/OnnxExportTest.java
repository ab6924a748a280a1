package io.transfer4j.transfer.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.transfer4j.dsl.Network;
import io.transfer4j.dsl.NetworkBuilder;
import io.transfer4j.dsl.Shape;
import io.transfer4j.transfer.Head;
import io.transfer4j.transfer.TransferModel;
import io.transfer4j.zoo.Pooling;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import onnx.Onnx;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** DL4J output vs ONNX Runtime output of the exported file, for every layer kind the DSL has. */
class OnnxExportTest {
    @TempDir
    Path dir;

    static Stream<Arguments> networks() {
        return Stream.of(
                net("conv-same-stride2-bias-off", b -> b.input(17, 15, 3).conv(8, 3).stride(2).same().noBias().act(Activation.RELU)
                        .conv(4, 3, 5).pad(1).dilation(2).act(Activation.TANH)),
                net("pool-max-avg-same", b -> b.input(16, 16, 3).conv(6, 3).same().maxPool(3).stride(2).same()
                        .avgPool(2).globalMaxPool()),
                net("bn-dense-softmax", b -> b.input(12, 12, 2).conv(5, 3).batchNorm().relu().flatten()
                        .dense(7).act(Activation.SIGMOID).batchNorm().dropout(0.5).output(4)),
                net("depthwise-separable", b -> b.input(10, 10, 3).depthwiseConv(3, 2).same().act(Activation.ELU)
                        .separableConv(5, 3).stride(2).leakyRelu(0.1).globalAvgPool().regression(2)),
                net("transposed-zero-pad-lrn", b -> b.input(6, 7, 3).zeroPad(1, 2, 0, 3).transposedConv(4, 3).stride(2)
                        .lrn().transposedConv(2, 2).stride(2).same().sigmoid()),
                // issue 22's options: each must reach ONNX with the attribute that computes it
                net("pool-options", b -> b.input(9, 8, 3).maxPool(3).stride(2).pad(1).ceilMode()
                        .avgPool(3).stride(1).pad(1).countIncludePad().maxPool(2).stride(1).pad(1).dilation(2)
                        .avgPool(3).stride(2).pad(1, 0, 0, 1).ceilMode().avgPool(2).stride(1).sameStart()),
                net("pool-options-2", b -> b.input(10, 9, 2).maxPool(3).stride(2).sameStart().avgPool(3).stride(2)
                        .pad(1).ceilMode().countIncludePad().maxPool(2).stride(2).pad(0, 1, 1, 0).maxPool(3).stride(1).same().dilation(2)),
                net("conv-padding-options", b -> b.input(9, 8, 3).conv(4, 3).stride(2).pad(0, 1, 0, 1).act(Activation.RELU6)
                        .depthwiseConv(3, 1).stride(2).sameStart().conv(3, 3).same().dilation(2)
                        .transposedConv(3, 3).stride(2).pad(1).outputPadding(1)
                        .transposedConv(2, 3).stride(2).padding(io.transfer4j.dsl.Padding.of(2, 1)).outputPadding(1, 0)),
                net("activations", b -> b.input(5, 6, 4).conv(4, 1).elu(0.5).selu().relu6().hardSigmoid()
                        .conv(4, 1).hardSigmoid(1 / 6.0, 0.5).conv(4, 1).hardSwish().gelu().conv(4, 1).gelu(true)
                        .swish().prelu().conv(4, 1).prelu(true).lrn(3, 1e-2, 0.6, 1.5).flatten().dense(5).prelu()),
                net("merges", b -> {
                    b.input(8, 8, 4).conv(4, 1).name("a");
                    b.from("input").conv(4, 3).same().name("c");
                    b.add("a", "c").name("sum");
                    b.multiply("sum", "a").name("prod");
                    b.concat("prod", "input").name("cat").conv(3, 1).identity().elu().softmax();
                    return b;
                }));
    }

    private static Arguments net(String name, UnaryOperator<NetworkBuilder> def) {
        return Arguments.of(name, def.apply(Network.builder(name).seed(7)).build());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("networks")
    void onnxRuntimeMatchesDl4j(String name, Network net) throws Exception {
        ComputationGraph g = net.graph();
        // Give BN non-trivial statistics so the export of mean/var is really checked.
        g.getVertices();
        for (var l : g.getLayers()) {
            if (l.paramTable().containsKey("mean")) {
                l.getParam("mean").assign(Nd4j.rand(l.getParam("mean").shape()).subi(0.5));
                l.getParam(l.paramTable().containsKey("var") ? "var" : "log10stdev").assign(Nd4j.rand(l.getParam("mean").shape()).muli(0.5));
            }
        }
        Shape s = net.inputShapes().get(0);
        INDArray x = Nd4j.rand(new long[] {3, s.channels(), s.height(), s.width()}).subi(0.5).muli(4);
        INDArray expected = g.outputSingle(false, x);
        Path file = OnnxExport.export(net, dir.resolve(name + ".onnx"));
        try (Engine e = Engine.create(Engine.Kind.ONNX_RUNTIME, g, net.inputShapes(), null, dir)) {
            INDArray actual = e.output(x);
            assertArrayEquals(expected.shape(), actual.shape(), name);
            assertClose(expected, actual, name);
        }
        assertTrue(Files.size(file) > 0);
    }

    /** Issue 25: a softmax on a feature map is exported over the same axis DL4J computes (channels, or the one asked). */
    @Test
    void softmaxOnAFeatureMapExportsItsAxisAndOnnxRuntimeAgrees() throws Exception {
        Network net = Network.builder("seg").seed(5).input(5, 6, 3).conv(4, 1).softmax().name("probs")
                .softmax(io.transfer4j.dsl.SoftmaxAxis.HEIGHT).name("cols").build();
        Path file = OnnxExport.export(net, dir.resolve("seg.onnx"));
        Onnx.ModelProto model = Onnx.ModelProto.parseFrom(Files.readAllBytes(file));
        java.util.Map<String, Long> axes = new java.util.HashMap<>();
        for (Onnx.NodeProto n : model.getGraph().getNodeList()) {
            if (n.getOpType().equals("Softmax")) {
                axes.put(n.getName(), n.getAttribute(0).getI());
            }
        }
        assertEquals(java.util.Map.of("probs", 1L, "cols", 2L), axes);
        INDArray x = Nd4j.rand(new long[] {2, 3, 5, 6}).subi(0.5).muli(4);
        INDArray expected = net.graph().outputSingle(false, x);
        try (Engine e = Engine.create(Engine.Kind.ONNX_RUNTIME, net.graph(), net.inputShapes(), "probs", dir)) {
            INDArray probs = e.output(x);
            assertEquals(1.0, probs.sum(1).minNumber().doubleValue(), 1e-5);
            assertEquals(1.0, probs.sum(1).maxNumber().doubleValue(), 1e-5);
        }
        try (Engine e = Engine.create(Engine.Kind.ONNX_RUNTIME, net.graph(), net.inputShapes(), null, dir)) {
            assertClose(expected, e.output(x), "softmax over channels then height");
        }
    }

    /**
     * A network ending in softmax, then {@code loss(...)} (DL4J's parameter-free LossLayer; on a feature map a
     * CnnLossLayer): exported as an Identity named as the layer, with its input's shape (DL4J's own says [n, 0]),
     * chosen by AUTO (it used to fall back to DL4J, "unsupported layer"), and ONNX Runtime gives DL4J's probabilities.
     */
    @Test
    void aLossLayerIsExportedAsIdentityAndOnnxRuntimeMatchesDl4j() throws Exception {
        Network vector = Network.builder("loss-vector").seed(3).input(8, 8, 3).conv(4, 3).relu().globalAvgPool().dense(3).softmax()
                .loss(LossFunctions.LossFunction.MCXENT).name("probs").build();
        Network perPixel = Network.builder("loss-pixels").seed(3).input(6, 5, 3).conv(4, 1).softmax()
                .loss(LossFunctions.LossFunction.MCXENT).name("probs").build();
        for (Network net : List.of(vector, perPixel)) {
            boolean image = net == perPixel;
            String name = image ? "CnnLossLayer" : "LossLayer";
            assertEquals(null, OnnxExport.unsupportedReason(net.graph(), List.of("probs")), name);
            Path file = OnnxExport.export(net, dir.resolve(name + ".onnx"));
            Onnx.ModelProto model = Onnx.ModelProto.parseFrom(Files.readAllBytes(file));
            Onnx.NodeProto last = model.getGraph().getNode(model.getGraph().getNodeCount() - 1);
            assertEquals(List.of("Identity", "probs"), List.of(last.getOpType(), last.getOutput(0)), name);
            try (OrtSession s = OrtEnvironment.getEnvironment().createSession(file.toString(), new OrtSession.SessionOptions())) {
                assertEquals(List.of("probs"), List.copyOf(s.getOutputNames()), name);
                String out = s.getOutputInfo().get("probs").getInfo().toString();
                assertTrue(out.contains(image ? "shape=[-1, 4, 6, 5]" : "shape=[-1, 3]"), name + ": " + out);
            }
            Shape in = net.inputShapes().get(0);
            INDArray x = Nd4j.rand(new long[] {3, in.channels(), in.height(), in.width()}).subi(0.5).muli(4);
            INDArray expected = net.graph().outputSingle(false, x);
            try (Engine e = Engine.create(Engine.Kind.AUTO, net.graph(), net.inputShapes(), null, dir)) {
                assertTrue(e instanceof OrtEngine, name + ": AUTO runs it on ONNX Runtime");
                INDArray actual = e.output(x);
                assertArrayEquals(expected.shape(), actual.shape(), name);
                double err = expected.castTo(actual.dataType()).sub(actual).amaxNumber().doubleValue();
                assertTrue(err <= 1e-5, name + ": largest difference " + err);
            }
        }
    }

    /** Head.normalize's L2-normalise + scale vertices, on a feature vector and on a whole feature map (no pooling). */
    @ParameterizedTest(name = "cut at {0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"flat", "feat"})
    void normalizedHeadMatchesDl4j(String cut) throws Exception {
        Network net = Network.builder("t").seed(7).input(8, 8, 3).conv(4, 3).name("c1").relu().maxPool(2).name("feat")
                .flatten().name("flat").output(3).build();
        TransferModel m = TransferModel.from(net).newHead(Head.classes(2).cutAt(cut).pooling(Pooling.NONE).normalize(5));
        INDArray x = Nd4j.rand(new long[] {3, 3, 8, 8}).subi(0.5).muli(4);
        INDArray expected = m.graph().outputSingle(false, x);
        try (Engine e = Engine.create(Engine.Kind.ONNX_RUNTIME, m.graph(), net.inputShapes(), null, dir)) {
            assertClose(expected, e.output(x), "normalized head at " + cut);
        }
    }

    static void assertClose(INDArray expected, INDArray actual, String what) {
        double scale = Math.max(1e-6, expected.norm2Number().doubleValue() / Math.sqrt(expected.length()));
        double err = expected.castTo(actual.dataType()).sub(actual).amaxNumber().doubleValue() / scale;
        assertTrue(err <= 1e-4, what + ": relative error " + err);
    }

    @Test
    void exportedFileIsValidOnnxWithNamedShapedInputsAndOutputs() throws Exception {
        Network net = Network.builder("tiny").input(28, 28, 1).conv(4, 3).relu().flatten().output(10).name("probs").build();
        Path file = OnnxExport.export(net, dir.resolve("tiny.onnx"));
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession s = env.createSession(file.toString(), new OrtSession.SessionOptions())) {
            assertEquals(List.of("input"), List.copyOf(s.getInputNames()));
            assertEquals(List.of("probs"), List.copyOf(s.getOutputNames()));
            String in = s.getInputInfo().get("input").getInfo().toString();
            assertTrue(in.contains("shape=[-1, 1, 28, 28]"), in);
        }
    }

    @Test
    void trunkExportStopsAtTheCutAndIsCachedByWeights() throws Exception {
        Network net = Network.builder("t").input(8, 8, 3).conv(4, 3).name("c1").globalAvgPool().name("feat").output(3).build();
        ComputationGraph g = net.graph();
        INDArray x = Nd4j.rand(new long[] {2, 3, 8, 8});
        try (Engine ort = Engine.create(Engine.Kind.ONNX_RUNTIME, g, net.inputShapes(), "feat", dir);
             Engine dl4j = Engine.create(Engine.Kind.DL4J, g, net.inputShapes(), "feat", dir)) {
            assertClose(dl4j.output(x), ort.output(x), "trunk");
            assertArrayEquals(new long[] {2, 4}, ort.output(x).shape());
        }
        String before = TrunkCache.key(g, net.inputShapes(), "feat");
        assertEquals(before, TrunkCache.key(g, net.inputShapes(), "feat"));
        g.getLayer("c1").getParam("W").addi(1);
        assertFalse(before.equals(TrunkCache.key(g, net.inputShapes(), "feat")), "changed weights, new key");
    }

    @Test
    void unsupportedLayerIsNamedAndNothingIsWritten() {
        var conf = new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder().graphBuilder().addInputs("in")
                .setInputTypes(org.deeplearning4j.nn.conf.inputs.InputType.recurrent(3))
                .addLayer("my_lstm", new LSTM.Builder().nIn(3).nOut(4).build(), "in").setOutputs("my_lstm").build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        Path out = dir.resolve("x.onnx");
        var e = assertThrows(UnsupportedOperationException.class, () -> OnnxExport.export(g, List.of(Shape.flat(3)), out));
        assertTrue(e.getMessage().contains("'my_lstm' (LSTM)"), e.getMessage());
        assertFalse(Files.exists(out));
    }

    /** Disk full half-way through an export: the previous file stays byte-identical and no temporary file is left. */
    @Test
    void aWriteFailingHalfWayLeavesThePreviousFileAndNoTemporaryFile() throws Exception {
        Network net = Network.builder("tiny").input(8, 8, 1).conv(2, 3).flatten().output(3).build();
        Path out = OnnxExport.export(net, dir.resolve("model.onnx"));
        byte[] before = Files.readAllBytes(out);
        Onnx.ModelProto bigger = OnnxExport.toModel(
                Network.builder("big").input(16, 16, 1).conv(8, 3).flatten().output(3).build().graph(), List.of(Shape.image(16, 16, 1)));
        var e = assertThrows(java.io.UncheckedIOException.class, () -> OnnxExport.write(os -> {
            byte[] all = bigger.toByteArray();
            os.write(all, 0, all.length / 2);
            throw new java.io.IOException("No space left on device");
        }, out));
        assertTrue(e.getMessage().contains(out.toString()) && e.getMessage().contains("No space left on device")
                && e.getMessage().contains("previous file there is unchanged"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(out));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(out), files.toList(), "only the previous file is there");
        }
    }
}
