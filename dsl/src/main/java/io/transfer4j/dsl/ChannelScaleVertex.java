package io.transfer4j.dsl;

import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J vertex multiplying an image {@code [n, c, h, w]} by a per-channel gate ({@code [n, c, 1, 1]} or {@code [n, c]}),
 * broadcast over height and width: the excitation step of squeeze-and-excitation (MobileNetV3, EfficientNet), which
 * ONNX writes as a broadcasting {@code Mul}. DL4J's element-wise product needs equal shapes, hence this vertex;
 * it has no parameters. Made by {@link NetworkBuilder#scaleChannels}.
 */
public final class ChannelScaleVertex extends GraphVertex {
    @Override
    public ChannelScaleVertex clone() {
        return new ChannelScaleVertex();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChannelScaleVertex;
    }

    @Override
    public int hashCode() {
        return ChannelScaleVertex.class.hashCode();
    }

    @Override
    public long numParams(boolean backprop) {
        return 0;
    }

    @Override
    public int minVertexInputs() {
        return 2;
    }

    @Override
    public int maxVertexInputs() {
        return 2;
    }

    @Override
    public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String name, int idx,
                                                                      INDArray paramsView, boolean initializeParams, DataType dataType) {
        return new ChannelScaleVertexImpl(graph, name, idx, dataType);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) throws InvalidInputTypeException {
        if (vertexInputs.length != 2 || !(vertexInputs[0] instanceof InputType.InputTypeConvolutional)) {
            throw new InvalidInputTypeException("ChannelScaleVertex takes an image and a per-channel gate, got "
                    + java.util.Arrays.toString(vertexInputs));
        }
        return vertexInputs[0];
    }

    @Override
    public MemoryReport getMemoryReport(InputType... vertexInputs) {
        return new LayerMemoryReport.Builder(null, ChannelScaleVertex.class, vertexInputs[0], vertexInputs[0])
                .standardMemory(0, 0).workingMemory(0, 0, 0, 0).cacheMemory(0, 0).build();
    }

    @Override
    public String toString() {
        return "ChannelScaleVertex()";
    }
}
