package io.transfer4j.transfer.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import onnx.Onnx;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.protobuf.ByteString;

/**
 * Thin helper over ONNX's generated protobuf classes (shipped in nd4j-api) for building one graph:
 * nodes with attributes, float initializers, typed inputs and outputs. Keeps the exporter readable.
 */
final class OnnxGraph {
    static final int OPSET = 13;
    private final Onnx.GraphProto.Builder graph = Onnx.GraphProto.newBuilder();
    private int counter;

    OnnxGraph(String name) {
        graph.setName(name);
    }

    /** A unique tensor name derived from a layer name. */
    String fresh(String base) {
        return base + "__" + (counter++);
    }

    /** Adds a node and returns its (single) output name. */
    String node(String opType, String name, String output, String[] inputs, Onnx.AttributeProto... attrs) {
        Onnx.NodeProto.Builder n = Onnx.NodeProto.newBuilder().setOpType(opType).setName(name).addOutput(output);
        for (String in : inputs) {
            n.addInput(in);
        }
        for (Onnx.AttributeProto a : attrs) {
            n.addAttribute(a);
        }
        graph.addNode(n);
        return output;
    }

    /** A float32 constant tensor (weights, biases, statistics). */
    String initializer(String name, INDArray value) {
        INDArray v = value.castTo(DataType.FLOAT).dup('c');
        float[] data = v.data().asFloat();
        ByteBuffer buf = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(data);
        Onnx.TensorProto.Builder t = Onnx.TensorProto.newBuilder().setName(name)
                .setDataType(Onnx.TensorProto.DataType.FLOAT.getNumber()).setRawData(ByteString.copyFrom(buf.array()));
        for (long d : v.shape()) {
            t.addDims(d);
        }
        graph.addInitializer(t);
        return name;
    }

    /** An int64 constant tensor (e.g. Pad's pads input). */
    String initializerLongs(String name, long... values) {
        Onnx.TensorProto.Builder t = Onnx.TensorProto.newBuilder().setName(name)
                .setDataType(Onnx.TensorProto.DataType.INT64.getNumber()).addDims(values.length);
        for (long v : values) {
            t.addInt64Data(v);
        }
        graph.addInitializer(t);
        return name;
    }

    void input(String name, long... dims) {
        graph.addInput(valueInfo(name, dims));
    }

    void output(String name, long... dims) {
        graph.addOutput(valueInfo(name, dims));
    }

    private static Onnx.ValueInfoProto valueInfo(String name, long... dims) {
        Onnx.TensorShapeProto.Builder shape = Onnx.TensorShapeProto.newBuilder();
        for (int i = 0; i < dims.length; i++) {
            Onnx.TensorShapeProto.Dimension.Builder d = Onnx.TensorShapeProto.Dimension.newBuilder();
            if (i == 0) {
                d.setDimParam("batch");   // any batch size
            } else {
                d.setDimValue(dims[i]);
            }
            shape.addDim(d);
        }
        Onnx.TypeProto type = Onnx.TypeProto.newBuilder().setTensorType(Onnx.TypeProto.Tensor.newBuilder()
                .setElemType(Onnx.TensorProto.DataType.FLOAT.getNumber()).setShape(shape)).build();
        return Onnx.ValueInfoProto.newBuilder().setName(name).setType(type).build();
    }

    static Onnx.AttributeProto ints(String name, long... values) {
        Onnx.AttributeProto.Builder a = Onnx.AttributeProto.newBuilder().setName(name).setType(Onnx.AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    static Onnx.AttributeProto integer(String name, long value) {
        return Onnx.AttributeProto.newBuilder().setName(name).setType(Onnx.AttributeProto.AttributeType.INT).setI(value).build();
    }

    static Onnx.AttributeProto real(String name, double value) {
        return Onnx.AttributeProto.newBuilder().setName(name).setType(Onnx.AttributeProto.AttributeType.FLOAT).setF((float) value).build();
    }

    static Onnx.AttributeProto string(String name, String value) {
        return Onnx.AttributeProto.newBuilder().setName(name).setType(Onnx.AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(value)).build();
    }

    Onnx.ModelProto model(String producerVersion) {
        return Onnx.ModelProto.newBuilder().setIrVersion(7).setProducerName("transfer4j").setProducerVersion(producerVersion)
                .addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(graph).build();
    }
}
