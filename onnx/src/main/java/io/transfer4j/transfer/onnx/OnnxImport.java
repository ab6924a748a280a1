package io.transfer4j.transfer.onnx;

import io.transfer4j.dsl.Network;
import io.transfer4j.dsl.NetworkBuilder;
import io.transfer4j.dsl.Padding;
import io.transfer4j.dsl.Shape;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import onnx.Onnx;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Imports an ONNX CNN (NCHW float32, as PyTorch's {@code torch.onnx.export} and this project's {@link OnnxExport}
 * write it) into a trainable DSL-built network with the file's weights: every ONNX node becomes a DSL layer named
 * after the node, so the result is summarised, frozen, re-headed, fine-tuned, saved and exported like a zoo model.
 * A node the importer cannot map is an error naming the node, its op type, its inputs' shapes and the supported
 * ops — at import time, never a wrong network.
 *
 * <pre>{@code
 * Network net = OnnxImport.importNetwork(Path.of("resnet18.onnx"));
 * System.out.println(net.summary());
 * }</pre>
 *
 * Covered: Conv (strides, pads incl. per side, auto_pad, dilations, groups 1 or depthwise), BatchNormalization,
 * Relu, Clip(0, 6), Sigmoid, HardSigmoid, Tanh, LeakyRelu, Elu, Add and Mul of two tensors, Concat (channels),
 * MaxPool / AveragePool (ceil_mode, count_include_pad, dilations), GlobalAveragePool / GlobalMaxPool, Flatten, Gemm,
 * MatMul with a weight, Pad (constant zeros), Dropout, Identity, Softmax.
 */
public final class OnnxImport {
    static final Set<String> SUPPORTED = new TreeSet<>(List.of("Conv", "BatchNormalization", "Relu", "Clip", "Sigmoid",
            "HardSigmoid", "Tanh", "LeakyRelu", "Elu", "Add", "Mul", "Concat", "MaxPool", "AveragePool", "GlobalAveragePool",
            "GlobalMaxPool", "Flatten", "Gemm", "MatMul", "Pad", "Dropout", "Identity", "Softmax"));

    private final Onnx.GraphProto graph;
    private final Map<String, INDArray> constants = new HashMap<>();
    private final Map<String, String> layerOf = new HashMap<>();        // tensor -> DSL node producing it
    private final Map<String, Map<String, INDArray>> weights = new LinkedHashMap<>();
    private final Set<String> usedNames = new java.util.HashSet<>();
    private NetworkBuilder b;

    private OnnxImport(Onnx.GraphProto graph) {
        this.graph = graph;
    }

    /** Reads {@code file} and builds the network (named after the file) with its weights. */
    public static Network importNetwork(Path file) {
        Onnx.ModelProto model;
        try (InputStream in = Files.newInputStream(file)) {
            model = Onnx.ModelProto.parseFrom(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read ONNX file " + file + ": " + e.getMessage()
                    + " (truncated, or not an ONNX model?)", e);
        }
        if (!model.hasGraph() || model.getGraph().getNodeCount() == 0) {
            throw new IllegalArgumentException("ONNX file " + file + " has no graph (truncated, or not an ONNX model?)");
        }
        String name = file.getFileName().toString().replaceFirst("\\.onnx$", "");
        return fromModel(model, name);
    }

    /** The network of an ONNX model in memory. */
    public static Network fromModel(Onnx.ModelProto model, String name) {
        return new OnnxImport(model.getGraph()).build(name);
    }

    private Network build(String name) {
        for (Onnx.TensorProto t : graph.getInitializerList()) {
            constants.put(t.getName(), tensor(t));
        }
        b = Network.builder(name);
        List<Onnx.ValueInfoProto> inputs = graph.getInputList().stream().filter(i -> !constants.containsKey(i.getName())).toList();
        for (Onnx.ValueInfoProto in : inputs) {
            List<Long> dims = in.getType().getTensorType().getShape().getDimList().stream().map(Onnx.TensorShapeProto.Dimension::getDimValue).toList();
            String n = unique(in.getName());
            b.input(n, dims.size() == 4 ? Shape.image(dims.get(2).intValue(), dims.get(3).intValue(), dims.get(1).intValue())
                    : Shape.flat(dims.get(1).intValue()));
            layerOf.put(in.getName(), n);
        }
        for (Onnx.NodeProto node : graph.getNodeList()) {
            if (node.getOpType().equals("Constant")) {
                constants.put(node.getOutput(0), tensor(attr(node, "value").getT()));
                continue;
            }
            if (!SUPPORTED.contains(node.getOpType())) {
                throw unsupported(node, "");
            }
            map(node);
        }
        b.outputs(graph.getOutputList().stream().map(o -> node(o.getName())).toArray(String[]::new));
        Network net = b.build();
        ComputationGraph g = net.graph();
        weights.forEach((layer, params) -> params.forEach((key, value) -> {
            if (key.equals("var") && g.getLayer(layer).getParam("var") == null) {
                // DL4J keeps log10 of the standard deviation by default
                key = "log10stdev";
                value = org.nd4j.linalg.ops.transforms.Transforms.log(value, 10, true).muli(0.5);
            }
            INDArray p = g.getLayer(layer).getParam(key);
            if (p.length() != value.length()) {
                throw new IllegalArgumentException("ONNX weights of '" + layer + "' (" + key + ") have " + value.length()
                        + " values, the layer needs " + p.length() + " " + java.util.Arrays.toString(p.shape()));
            }
            p.assign(value.reshape(p.shape()));
        }));
        return net;
    }

    private void map(Onnx.NodeProto node) {
        String op = node.getOpType();
        String x = node.getInput(0);
        List<String> dataInputs = node.getInputList().stream().filter(i -> !i.isEmpty() && !constants.containsKey(i)).toList();
        switch (op) {
            case "Identity", "Dropout" -> alias(node, x);
            case "Flatten" -> {
                if (b.shapeOf(node(x)).image()) {
                    b.from(node(x)).flatten();
                    named(node);
                } else {
                    alias(node, x);
                }
            }
            case "Add", "Mul" -> {
                if (dataInputs.size() != 2) {
                    throw unsupported(node, op + " with a constant operand");
                }
                String[] in = {node(dataInputs.get(0)), node(dataInputs.get(1))};
                if (op.equals("Add")) {
                    b.add(in);
                } else {
                    b.multiply(in);
                }
                named(node);
            }
            case "Concat" -> {
                long axis = intAttr(node, "axis", 1);
                if (axis != 1) {
                    throw unsupported(node, "Concat over axis " + axis + " (channels, axis 1, only)");
                }
                b.concat(dataInputs.stream().map(this::node).toArray(String[]::new));
                named(node);
            }
            default -> layer(node, op, x);
        }
    }

    private void layer(Onnx.NodeProto node, String op, String x) {
        b.from(node(x));
        switch (op) {
            case "Conv" -> conv(node);
            case "BatchNormalization" -> {
                b.batchNorm().eps(floatAttr(node, "epsilon", 1e-5));
                String n = named(node);
                weights.put(n, Map.of("gamma", constant(node, 1), "beta", constant(node, 2), "mean", constant(node, 3),
                        "var", constant(node, 4)));
            }
            case "Relu" -> activation(node, b::relu);
            case "Sigmoid" -> activation(node, b::sigmoid);
            case "Tanh" -> activation(node, b::tanh);
            case "Softmax" -> activation(node, b::softmax);
            case "LeakyRelu" -> activation(node, () -> b.leakyRelu(floatAttr(node, "alpha", 0.01)));
            case "Elu" -> activation(node, () -> b.elu(floatAttr(node, "alpha", 1.0)));
            case "HardSigmoid" -> activation(node, () -> b.hardSigmoid(floatAttr(node, "alpha", 0.2), floatAttr(node, "beta", 0.5)));
            case "Clip" -> {
                double min = node.getInputCount() > 1 && !node.getInput(1).isEmpty() ? constant(node, 1).getDouble(0) : floatAttr(node, "min", Double.NaN);
                double max = node.getInputCount() > 2 && !node.getInput(2).isEmpty() ? constant(node, 2).getDouble(0) : floatAttr(node, "max", Double.NaN);
                if (min != 0 || max != 6) {
                    throw unsupported(node, "Clip(" + min + ", " + max + ") (only Clip(0, 6), ReLU6)");
                }
                activation(node, b::relu6);
            }
            case "MaxPool", "AveragePool" -> pool(node, op.equals("MaxPool"));
            case "GlobalAveragePool" -> activation(node, b::globalAvgPool);   // a flat vector: a following Flatten is a no-op
            case "GlobalMaxPool" -> activation(node, b::globalMaxPool);
            case "Gemm", "MatMul" -> dense(node, op);
            case "Pad" -> {
                long[] p = constant(node, 1).toLongVector();   // begins then ends over N, C, H, W
                if (p.length != 8 || p[0] != 0 || p[1] != 0 || p[4] != 0 || p[5] != 0 || node.getInputCount() > 2 && constant(node, 2).getDouble(0) != 0) {
                    throw unsupported(node, "Pad other than zeros around height and width");
                }
                activation(node, () -> b.zeroPad((int) p[2], (int) p[6], (int) p[3], (int) p[7]));
            }
            default -> throw unsupported(node, "");
        }
    }

    private void conv(Onnx.NodeProto node) {
        INDArray w = constant(node, 1);                  // [out, in/group, kh, kw]
        long group = intAttr(node, "group", 1);
        long inChannels = b.shapeOf(node(node.getInput(0))).channels();
        int kh = (int) w.size(2);
        int kw = (int) w.size(3);
        Map<String, INDArray> params = new HashMap<>();
        if (group == 1) {
            b.conv((int) w.size(0), kh, kw);
            params.put("W", w);
        } else if (group == inChannels && w.size(1) == 1) {
            int mult = (int) (w.size(0) / inChannels);
            b.depthwiseConv(kh, mult);
            if (kh != kw) {
                throw unsupported(node, "a depthwise conv with a non-square kernel");
            }
            params.put("W", w.reshape(inChannels, mult, kh, kw).permute(2, 3, 0, 1).dup('c'));
        } else {
            throw unsupported(node, "a grouped conv with " + group + " groups (only 1 or depthwise)");
        }
        long[] s = intsAttr(node, "strides", 1, 1);
        long[] d = intsAttr(node, "dilations", 1, 1);
        b.stride((int) s[0], (int) s[1]).dilation((int) d[0], (int) d[1]);
        b.padding(padding(node));
        if (node.getInputCount() > 2 && !node.getInput(2).isEmpty()) {
            params.put("b", constant(node, 2));
        } else {
            b.noBias();
        }
        weights.put(named(node), params);
    }

    private void pool(Onnx.NodeProto node, boolean max) {
        long[] k = intsAttr(node, "kernel_shape");
        if (k[0] != k[1]) {
            throw unsupported(node, "a non-square pool window " + k[0] + "x" + k[1]);
        }
        if (max) {
            b.maxPool((int) k[0]);
        } else {
            b.avgPool((int) k[0]);
            if (intAttr(node, "count_include_pad", 0) == 1) {
                b.countIncludePad();
            }
        }
        long[] s = intsAttr(node, "strides", 1, 1);
        b.stride((int) s[0], (int) s[1]).padding(padding(node));
        long[] d = intsAttr(node, "dilations", 1, 1);
        if (d[0] != 1 || d[1] != 1) {
            b.dilation((int) d[0], (int) d[1]);
        }
        if (intAttr(node, "ceil_mode", 0) == 1) {
            b.ceilMode();
        }
        named(node);
    }

    private void dense(Onnx.NodeProto node, String op) {
        INDArray w = constant(node, 1);
        boolean transB = op.equals("Gemm") && intAttr(node, "transB", 0) == 1;
        if (op.equals("Gemm") && (intAttr(node, "transA", 0) != 0 || floatAttr(node, "alpha", 1) != 1 || floatAttr(node, "beta", 1) != 1)) {
            throw unsupported(node, "Gemm with transA, alpha or beta other than the defaults");
        }
        INDArray dl4j = transB ? w.transpose().dup('c') : w;   // DL4J's dense W is [in, out]
        b.dense((int) dl4j.size(1));
        Map<String, INDArray> params = new HashMap<>(Map.of("W", dl4j));
        if (op.equals("Gemm") && node.getInputCount() > 2 && !node.getInput(2).isEmpty()) {
            params.put("b", constant(node, 2));
        } else {
            b.noBias();
        }
        weights.put(named(node), params);
    }

    /** ONNX pads are [top, left, bottom, right]; auto_pad SAME_UPPER / SAME_LOWER are the DSL's SAME / SAME_START. */
    private Padding padding(Onnx.NodeProto node) {
        String auto = stringAttr(node, "auto_pad", "NOTSET");
        if (auto.equals("SAME_UPPER")) {
            return Padding.SAME;
        }
        if (auto.equals("SAME_LOWER")) {
            return Padding.SAME_START;
        }
        long[] p = intsAttr(node, "pads", 0, 0, 0, 0);
        return Padding.of((int) p[0], (int) p[2], (int) p[1], (int) p[3]);
    }

    private void activation(Onnx.NodeProto node, Runnable add) {
        add.run();
        named(node);
    }

    private void alias(Onnx.NodeProto node, String x) {
        layerOf.put(node.getOutput(0), node(x));
    }

    /** Names the layer just added after the ONNX node and records the tensor it produces. */
    private String named(Onnx.NodeProto node) {
        String n = unique(node.getName().isEmpty() ? node.getOutput(0) : node.getName());
        b.name(n);
        layerOf.put(node.getOutput(0), b.last());
        return b.last();
    }

    /** A DL4J-friendly, unique layer name: PyTorch's {@code /layer1/layer1.0/conv1/Conv} → {@code layer1_layer1_0_conv1_Conv}. */
    private String unique(String raw) {
        String base = raw.replaceAll("[^A-Za-z0-9_]", "_").replaceAll("_+", "_").replaceAll("^_|_$", "");
        base = base.isEmpty() ? "node" : base;
        String n = base;
        for (int i = 2; !usedNames.add(n) || n.endsWith("_pad") || n.endsWith("_crop"); i++) {
            n = base + "_" + i;
        }
        return n;
    }

    private String node(String tensor) {
        String n = layerOf.get(tensor);
        if (n == null) {
            throw new IllegalArgumentException("ONNX tensor '" + tensor + "' is used before any node produces it"
                    + (constants.containsKey(tensor) ? " (it is a constant, where a layer input was expected)" : ""));
        }
        return n;
    }

    private INDArray constant(Onnx.NodeProto node, int input) {
        INDArray c = input < node.getInputCount() ? constants.get(node.getInput(input)) : null;
        if (c == null) {
            throw unsupported(node, "input " + input + " that is not a constant (weights must be initializers)");
        }
        return c;
    }

    private IllegalArgumentException unsupported(Onnx.NodeProto node, String what) {
        List<String> shapes = new ArrayList<>();
        for (String in : node.getInputList()) {
            String n = layerOf.get(in);
            shapes.add(in + (n != null ? " " + b.shapeOf(n) : constants.containsKey(in) ? " const" + java.util.Arrays.toString(constants.get(in).shape()) : ""));
        }
        return new IllegalArgumentException("cannot import ONNX node '" + node.getName() + "' (op " + node.getOpType() + ")"
                + (what.isEmpty() ? "" : ": " + what) + "; inputs " + shapes + "; supported ops: " + SUPPORTED);
    }

    // ---- attributes and tensors ---------------------------------------------------------------------

    private static Onnx.AttributeProto attr(Onnx.NodeProto node, String name) {
        return node.getAttributeList().stream().filter(a -> a.getName().equals(name)).findFirst().orElse(null);
    }

    private static long intAttr(Onnx.NodeProto node, String name, long dflt) {
        Onnx.AttributeProto a = attr(node, name);
        return a == null ? dflt : a.getI();
    }

    private static double floatAttr(Onnx.NodeProto node, String name, double dflt) {
        Onnx.AttributeProto a = attr(node, name);
        return a == null ? dflt : a.getF();
    }

    private static String stringAttr(Onnx.NodeProto node, String name, String dflt) {
        Onnx.AttributeProto a = attr(node, name);
        return a == null ? dflt : a.getS().toStringUtf8();
    }

    private static long[] intsAttr(Onnx.NodeProto node, String name, long... dflt) {
        Onnx.AttributeProto a = attr(node, name);
        return a == null ? dflt : a.getIntsList().stream().mapToLong(Long::longValue).toArray();
    }

    /** A float32 or int64 tensor (raw data little-endian, or the typed fields). */
    static INDArray tensor(Onnx.TensorProto t) {
        long[] shape = t.getDimsList().stream().mapToLong(Long::longValue).toArray();
        boolean isLong = t.getDataType() == Onnx.TensorProto.DataType.INT64.getNumber();
        if (!isLong && t.getDataType() != Onnx.TensorProto.DataType.FLOAT.getNumber()) {
            throw new IllegalArgumentException("ONNX tensor '" + t.getName() + "' has data type " + t.getDataType()
                    + "; only float32 and int64 are supported");
        }
        ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        INDArray out;
        if (isLong) {
            long[] v = raw.remaining() > 0 ? new long[raw.remaining() / 8] : t.getInt64DataList().stream().mapToLong(Long::longValue).toArray();
            if (raw.remaining() > 0) {
                raw.asLongBuffer().get(v);
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
