package io.transfer4j.transfer.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.transfer4j.dsl.Network;
import io.transfer4j.dsl.Shape;
import io.transfer4j.zoo.ModelBuilder;
import io.transfer4j.zoo.ModelInfo;
import io.transfer4j.zoo.Pooling;
import io.transfer4j.zoo.Zoo;
import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Every registered zoo model: DL4J forward vs ONNX Runtime on the exported file (relative error ≤ 1e-4). */
class OnnxZooTest {
    @TempDir
    Path dir;

    /** One entry per family: MobileNet's other widths have the same layers as alpha 1.0. */
    static List<String> models() {
        return Zoo.names().stream().filter(n -> !n.matches("mobilenet(v2)?-.*")).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void exportedZooModelMatchesDl4j(String name) {
        ModelInfo info = Zoo.info(name);
        ModelBuilder b = Zoo.model(name).seed(3);
        if (info.inputShape().height() > 100) {
            // Big ImageNet models: headless at a small input keeps the test quick; every layer kind is still there.
            int side = switch (name) {
                case "alexnet" -> 99;
                case "inceptionv3" -> 75;     // Keras's smallest inputs for these two
                case "xception" -> 71;
                default -> 64;
            };
            b.includeTop(false).pooling(Pooling.AVG).inputShape(side, side, info.inputShape().channels());
        }
        Network net = b.build();
        ComputationGraph g = net.graph();
        Shape s = net.inputShapes().get(0);
        INDArray x = Nd4j.rand(new long[] {2, s.channels(), s.height(), s.width()});
        INDArray expected = g.outputSingle(false, x);
        try (Engine e = Engine.create(Engine.Kind.ONNX_RUNTIME, g, net.inputShapes(), null, dir)) {
            INDArray actual = e.output(x);
            assertArrayEquals(expected.shape(), actual.shape(), name);
            OnnxExportTest.assertClose(expected, actual, name);
        }
    }
}
