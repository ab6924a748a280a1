package io.transfer4j.transfer.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import onnx.Onnx;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Reading ONNX protobuf messages for the importer: node attributes with their defaults, and tensors as ND4J arrays. */
final class OnnxProtos {
    private OnnxProtos() {
    }

    static Onnx.AttributeProto attr(Onnx.NodeProto node, String name) {
        return node.getAttributeList().stream().filter(a -> a.getName().equals(name)).findFirst().orElse(null);
    }

    static long intAttr(Onnx.NodeProto node, String name, long dflt) {
        Onnx.AttributeProto a = attr(node, name);
        return a == null ? dflt : a.getI();
    }

    static double floatAttr(Onnx.NodeProto node, String name, double dflt) {
        Onnx.AttributeProto a = attr(node, name);
        return a == null ? dflt : a.getF();
    }

    static String stringAttr(Onnx.NodeProto node, String name, String dflt) {
        Onnx.AttributeProto a = attr(node, name);
        return a == null ? dflt : a.getS().toStringUtf8();
    }

    static long[] intsAttr(Onnx.NodeProto node, String name, long... dflt) {
        Onnx.AttributeProto a = attr(node, name);
        return a == null ? dflt : a.getIntsList().stream().mapToLong(Long::longValue).toArray();
    }

    /** A float32, int64 or int32 tensor (raw data little-endian, or the typed fields); integers come back as longs. */
    static INDArray tensor(Onnx.TensorProto t) {
        long[] shape = t.getDimsList().stream().mapToLong(Long::longValue).toArray();
        int type = t.getDataType();
        boolean isLong = type == Onnx.TensorProto.DataType.INT64.getNumber();
        boolean isInt = type == Onnx.TensorProto.DataType.INT32.getNumber();
        if (!isLong && !isInt && type != Onnx.TensorProto.DataType.FLOAT.getNumber()) {
            throw new IllegalArgumentException("ONNX tensor '" + t.getName() + "' has data type " + type
                    + "; only float32, int64 and int32 are supported");
        }
        ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        INDArray out;
        if (isLong || isInt) {
            long[] v;
            if (raw.remaining() > 0) {
                v = new long[raw.remaining() / (isLong ? 8 : 4)];
                for (int i = 0; i < v.length; i++) {
                    v[i] = isLong ? raw.getLong() : raw.getInt();
                }
            } else {
                v = isLong ? t.getInt64DataList().stream().mapToLong(Long::longValue).toArray()
                        : t.getInt32DataList().stream().mapToLong(Integer::longValue).toArray();
            }
            out = Nd4j.createFromArray(v);
        } else {
            float[] v = new float[raw.remaining() > 0 ? raw.remaining() / 4 : t.getFloatDataCount()];
            if (raw.remaining() > 0) {
                raw.asFloatBuffer().get(v);
            } else {
                for (int i = 0; i < v.length; i++) {
                    v[i] = t.getFloatData(i);
                }
            }
            out = Nd4j.createFromArray(v).castTo(DataType.FLOAT);
        }
        return shape.length == 0 ? out.reshape() : out.reshape(shape);
    }
}
