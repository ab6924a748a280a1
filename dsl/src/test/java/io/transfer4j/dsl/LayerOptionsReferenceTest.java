package io.transfer4j.dsl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * Every layer option of issue 22 against PyTorch: {@code src/test/python/make_layer_option_references.py} wrote
 * PyTorch's outputs for fixed inputs (and weights) into {@code layer-options/reference.json}; the DSL's layer with
 * the same options must give them within 1e-5.
 */
class LayerOptionsReferenceTest {
    private static JsonNode cases;

    /** The DSL definition of each case after {@code input(h, w, c)}; weights, where any, come from the file. */
    static final Map<String, UnaryOperator<NetworkBuilder>> DEFINITIONS = Map.ofEntries(
            Map.entry("max_dilation", b -> b.maxPool(3).stride(1).pad(1).dilation(2)),
            Map.entry("max_ceil", b -> b.maxPool(3).stride(2).ceilMode()),
            Map.entry("max_ceil_pad", b -> b.maxPool(3).stride(2).pad(1).ceilMode()),
            Map.entry("max_ceil_dilation", b -> b.maxPool(2).stride(2).pad(1).dilation(2).ceilMode()),
            Map.entry("avg_include_pad", b -> b.avgPool(3).stride(2).pad(1).countIncludePad()),
            Map.entry("avg_exclude_pad", b -> b.avgPool(3).stride(2).pad(1)),
            Map.entry("avg_ceil_include_pad", b -> b.avgPool(3).stride(2).pad(1).ceilMode().countIncludePad()),
            Map.entry("avg_ceil_exclude_pad", b -> b.avgPool(3).stride(2).pad(1).ceilMode()),
            Map.entry("avg_ceil_no_pad", b -> b.avgPool(2).stride(2).ceilMode().countIncludePad()),
            Map.entry("max_pads_0101", b -> b.maxPool(3).stride(2).pad(0, 1, 0, 1)),
            Map.entry("avg_pads_0101_include", b -> b.avgPool(3).stride(2).pad(0, 1, 0, 1).countIncludePad()),
            Map.entry("avg_pads_1021_exclude", b -> b.avgPool(3).stride(2).pad(1, 0, 2, 1)),
            Map.entry("max_same_start", b -> b.maxPool(3).stride(2).sameStart()),
            Map.entry("avg_same_start", b -> b.avgPool(3).stride(2).sameStart()),
            Map.entry("elu_0_5", b -> b.elu(0.5)),
            Map.entry("selu", NetworkBuilder::selu),
            Map.entry("relu6", NetworkBuilder::relu6),
            Map.entry("hard_sigmoid_torch", b -> b.hardSigmoid(1 / 6.0, 0.5)),
            Map.entry("hard_sigmoid_onnx", NetworkBuilder::hardSigmoid),
            Map.entry("hard_swish", NetworkBuilder::hardSwish),
            Map.entry("gelu", NetworkBuilder::gelu),
            Map.entry("gelu_tanh", b -> b.gelu(true)),
            Map.entry("silu", NetworkBuilder::silu),
            Map.entry("prelu", b -> b.prelu().name("layer")),
            Map.entry("prelu_shared", b -> b.prelu(true)),
            Map.entry("lrn_3", b -> b.lrn(3, 1e-2, 0.6, 1.5)),
            Map.entry("lrn_5", NetworkBuilder::lrn),
            Map.entry("conv_pads_0101", b -> b.conv(4, 3).stride(2).pad(0, 1, 0, 1).name("layer")),
            Map.entry("conv_same_start", b -> b.conv(4, 3).stride(2).sameStart().name("layer")),
            Map.entry("dwconv_pads_0101", b -> b.depthwiseConv(3, 1).stride(2).pad(0, 1, 0, 1).name("layer")),
            Map.entry("deconv_output_padding", b -> b.transposedConv(2, 3).stride(2).pad(1).outputPadding(1).name("layer")),
            Map.entry("deconv_output_padding_10", b -> b.transposedConv(2, 3).stride(2).padding(Padding.of(2, 1))
                    .outputPadding(1, 0).name("layer")));

    @BeforeAll
    static void load() throws IOException {
        Natives.select();   // before the first Nd4j call (SIGILL otherwise on CPUs without AVX-512)
        try (InputStream in = LayerOptionsReferenceTest.class.getResourceAsStream("/layer-options/reference.json")) {
            cases = new ObjectMapper().readTree(in).get("cases");
        }
    }

    static Stream<String> caseNames() {
        return DEFINITIONS.keySet().stream().sorted();
    }

    @Test
    void everyReferenceCaseHasADefinition() {
        cases.fieldNames().forEachRemaining(n -> assertTrue(DEFINITIONS.containsKey(n), "no DSL definition for case " + n));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("caseNames")
    void matchesPyTorch(String name) {
        JsonNode c = cases.get(name);
        INDArray x = array(c.get("input"), c.get("inputShape"));
        Network net = DEFINITIONS.get(name).apply(Network.builder(name).input((int) x.size(2), (int) x.size(3), (int) x.size(1))).build();
        ComputationGraph g = net.graph();
        c.get("weights").fields().forEachRemaining(e -> {
            INDArray param = g.getLayer("layer").getParam(e.getKey());
            INDArray value = array(e.getValue().get("values"), e.getValue().get("shape"));
            // PyTorch's depthwise kernel is [channels, 1, kh, kw]; DL4J's [kh, kw, channels, 1]
            param.assign(name.startsWith("dwconv") && e.getKey().equals("W") ? value.permute(2, 3, 0, 1) : value.reshape(param.shape()));
        });
        INDArray expected = array(c.get("output"), c.get("outputShape"));
        INDArray actual = g.outputSingle(false, x);
        assertArrayEquals(expected.shape(), actual.shape(), name + " shape");
        assertArrayEquals(expected.shape(), ShapeChecks.expected(net.outputShape(), (int) x.size(0)), name + " inferred shape");
        double err = expected.sub(actual).amaxNumber().doubleValue();
        assertTrue(err <= 1e-5, name + ": max abs difference to PyTorch " + err);
    }

    static INDArray array(JsonNode values, JsonNode shape) {
        float[] v = new float[values.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) values.get(i).asDouble();
        }
        long[] s = new long[shape.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = shape.get(i).asLong();
        }
        return Nd4j.create(v, s, 'c').castTo(DataType.FLOAT);
    }
}
