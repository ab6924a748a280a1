package io.transfer4j.dsl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Checks our inferred shapes against DL4J's own inference and against a real forward pass. */
final class ShapeChecks {
    private ShapeChecks() {
    }

    /** Every node's shape as we infer it equals what {@code conf.getLayerActivationTypes} says. */
    static void assertDl4jInferenceAgrees(Network net) {
        InputType[] types = net.inputShapes().stream().map(Shape::toInputType).toArray(InputType[]::new);
        Map<String, InputType> dl4j = net.conf().getLayerActivationTypes(types);
        for (String name : net.layerNames()) {
            if (dl4j.containsKey(name) && !cropped(net, name)) {
                assertEquals(net.shapeOf(name), Shape.of(dl4j.get(name)), "DL4J inference for " + name + " in " + net.name());
            }
        }
    }

    /** A forward pass of {@code batch} random examples produces, at every node, the shape we inferred. */
    static void assertForwardAgrees(Network net, int batch) {
        Shape in = net.inputShapes().get(0);
        INDArray x = in.image()
                ? Nd4j.rand(DataType.FLOAT, batch, in.channels(), in.height(), in.width())
                : Nd4j.rand(DataType.FLOAT, batch, in.size());
        Map<String, INDArray> acts = net.graph().feedForward(x, false);
        for (String name : net.layerNames()) {
            if (cropped(net, name)) {
                continue;
            }
            assertArrayEquals(expected(net.shapeOf(name), batch), acts.get(name).shape(),
                    "forward shape of " + name + " in " + net.name());
        }
    }

    /** A transposed conv whose node output is its {@code _crop} helper's: the vertex itself is the uncropped output. */
    private static boolean cropped(Network net, String name) {
        return net.layerNames().contains(name + "_crop");
    }

    static long[] expected(Shape s, int batch) {
        return s.image() ? new long[] {batch, s.channels(), s.height(), s.width()} : new long[] {batch, s.size()};
    }
}
