package io.transfer4j.transfer.onnx;

import static io.transfer4j.transfer.onnx.OnnxProtos.floatAttr;
import static io.transfer4j.transfer.onnx.OnnxProtos.intAttr;
import static io.transfer4j.transfer.onnx.OnnxProtos.intsAttr;

import io.transfer4j.dsl.Network;
import io.transfer4j.dsl.NetworkBuilder;
import io.transfer4j.dsl.Shape;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import onnx.Onnx;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Imports an ONNX CNN (NCHW float32, as PyTorch's {@code torch.onnx.export}, tf2onnx and this project's {@link OnnxExport}
 * write it) into a trainable DSL-built network with the file's weights: every ONNX node becomes a DSL layer named
 * after the node, so the result is summarised, frozen, re-headed, fine-tuned, saved and exported like a zoo model.
 * A node the importer cannot map is an error naming the node, its op type, its inputs' shapes and the supported
 * ops — at import time, never a wrong network; {@link #check} lists every such node of a file.
 *
 * <pre>{@code
 * Network net = OnnxImport.importNetwork(Path.of("resnet18.onnx"));
 * System.out.println(net.summary());
 * }</pre>
 *
 * Covered: Conv (strides, pads incl. per side, auto_pad, dilations, groups: 1, depthwise or grouped as
 * {@link io.transfer4j.dsl.GroupedConvBlock}), BatchNormalization, Relu, Clip(0, 6) and Clip(0, ∞), Sigmoid, HardSigmoid,
 * HardSwish, {@code x * Sigmoid(x)} (swish / SiLU) and {@code x * HardSigmoid(x)} (hard swish), Tanh, LeakyRelu, Elu,
 * Add and Mul of equal shapes, Mul of an image by a per-channel gate (squeeze-and-excitation, {@code scaleChannels}),
 * Concat (channels), MaxPool / AveragePool (ceil_mode, count_include_pad, dilations), GlobalAveragePool / GlobalMaxPool
 * and ReduceMean over height and width (kept as a 1×1 map when anything but a flatten reads it), Flatten, Reshape /
 * Squeeze to a vector (the target shape may be computed by Shape/Gather/Unsqueeze/Concat), Unsqueeze of a vector to
 * N×C×1×1, Gemm, MatMul with a weight, Pad (constant zeros), Dropout, Identity, Softmax.
 */
public final class OnnxImport {
    static final Set<String> SUPPORTED = new TreeSet<>(List.of("Conv", "BatchNormalization", "Relu", "Clip", "Sigmoid",
            "HardSigmoid", "HardSwish", "Tanh", "LeakyRelu", "Elu", "Add", "Mul", "Concat", "MaxPool", "AveragePool",
            "GlobalAveragePool", "GlobalMaxPool", "ReduceMean", "Flatten", "Reshape", "Squeeze", "Unsqueeze", "Gemm", "MatMul",
            "Pad", "Dropout", "Identity", "Softmax", "Constant", "Shape", "Gather", "Cast", "Slice"));

    final Onnx.GraphProto graph;
    final Map<String, INDArray> constants = new HashMap<>();
    final Map<String, String> layerOf = new HashMap<>();          // tensor -> DSL node producing it
    final Set<String> unitMaps = new HashSet<>();                  // flat DSL tensors that are N×C×1×1 in ONNX
    final Map<String, List<Onnx.NodeProto>> consumers = new HashMap<>();
    final Map<String, Map<String, INDArray>> weights = new LinkedHashMap<>();
    private final Set<String> usedNames = new HashSet<>();
    private final Map<String, String> fusedMuls = new HashMap<>();  // Mul output -> "swish" / "hardSwish"
    private final List<String> problems = new ArrayList<>();
    private final boolean collect;
    private Shape inputShape;
    NetworkBuilder b;

    private OnnxImport(Onnx.GraphProto graph, boolean collect) {
        this.graph = graph;
        this.collect = collect;
    }

    /** Reads {@code file} and builds the network (named after the file) with its weights. */
    public static Network importNetwork(Path file) {
        return importNetwork(file, null);
    }

    /**
     * As {@link #importNetwork(Path)}, the input given {@code inputShape} (needed when the file leaves height and width
     * open, as exports with dynamic axes do; null: the file's).
     */
    public static Network importNetwork(Path file, Shape inputShape) {
        OnnxImport i = new OnnxImport(read(file).getGraph(), false);
        i.inputShape = inputShape;
        return i.build(file.getFileName().toString().replaceFirst("\\.onnx$", ""));
    }

    /** The network of an ONNX model in memory. */
    public static Network fromModel(Onnx.ModelProto model, String name) {
        return new OnnxImport(model.getGraph(), false).build(name);
    }

    /**
     * What in {@code file} would not import, one line per node (node, op type, why, input shapes); empty when
     * {@link #importNetwork} would succeed. Nodes after an unmappable one are checked as if it passed its input through.
     */
    public static List<String> check(Path file) {
        OnnxImport i = new OnnxImport(read(file).getGraph(), true);
        try {
            i.build("check");
        } catch (IllegalArgumentException e) {
            if (i.problems.isEmpty()) {
                i.problems.add(e.getMessage());
            }
        }
        return List.copyOf(i.problems);
    }

    /** The ops the importer maps, for messages. */
    public static Set<String> supportedOps() {
        return SUPPORTED;
    }

    static Onnx.ModelProto read(Path file) {
        Onnx.ModelProto model;
        try (InputStream in = Files.newInputStream(file)) {
            model = Onnx.ModelProto.parseFrom(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read ONNX file " + file + ": " + e.getMessage().replace('\n', ' ')
                    + " (truncated, or not an ONNX model?)", e);
        }
        if (!model.hasGraph() || model.getGraph().getNodeCount() == 0) {
            throw new IllegalArgumentException("ONNX file " + file + " has no graph (truncated, or not an ONNX model?)");
        }
        return model;
    }

    private Network build(String name) {
        for (Onnx.TensorProto t : graph.getInitializerList()) {
            constants.put(t.getName(), OnnxProtos.tensor(t));
        }
        for (Onnx.NodeProto n : graph.getNodeList()) {
            n.getInputList().forEach(in -> consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(n));
        }
        b = Network.builder(name);
        for (Onnx.ValueInfoProto in : graph.getInputList()) {
            if (constants.containsKey(in.getName())) {
                continue;
            }
            List<Long> dims = in.getType().getTensorType().getShape().getDimList().stream().map(Onnx.TensorShapeProto.Dimension::getDimValue).toList();
            String n = unique(in.getName());
            if (inputShape == null && dims.stream().skip(1).anyMatch(d -> d <= 0)) {
                throw new IllegalArgumentException("ONNX input '" + in.getName() + "' has no fixed size " + dims.subList(1, dims.size())
                        + " (0: dynamic); give the input size (CLI: --size)");
            }
            b.input(n, inputShape != null ? inputShape : dims.size() == 4 ? Shape.image(dims.get(2).intValue(), dims.get(3).intValue(), dims.get(1).intValue())
                    : Shape.flat(dims.get(1).intValue()));
            layerOf.put(in.getName(), n);
        }
        OnnxLayers layers = new OnnxLayers(this);
        for (Onnx.NodeProto node : graph.getNodeList()) {
            try {
                visit(node, layers);
            } catch (IllegalArgumentException e) {
                if (!collect) {
                    throw e;
                }
                problems.add(e.getMessage());
                List<String> data = dataInputs(node);
                if (!data.isEmpty() && layerOf.containsKey(data.get(0))) {
                    node.getOutputList().forEach(o -> layerOf.put(o, layerOf.get(data.get(0))));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(problems.get(0));
        }
        b.outputs(graph.getOutputList().stream().map(o -> node(o.getName())).toArray(String[]::new));
        Network net = b.build();
        assignWeights(net.graph());
        return net;
    }

    private void visit(Onnx.NodeProto node, OnnxLayers layers) {
        String op = node.getOpType();
        if (op.equals("Constant")) {
            constants.put(node.getOutput(0), OnnxProtos.tensor(OnnxProtos.attr(node, "value").getT()));
            return;
        }
        INDArray folded = OnnxShapeFolding.fold(node, constants, this::onnxDims);
        if (folded != null) {
            constants.put(node.getOutput(0), folded);
            return;
        }
        if (!SUPPORTED.contains(op)) {
            throw unsupported(node, "");
        }
        if ((op.equals("Sigmoid") || op.equals("HardSigmoid")) && fusesIntoMul(node)) {
            return;   // x * sigmoid(x): the Mul becomes one swish layer
        }
        switch (op) {
            case "Identity", "Dropout" -> alias(node, node.getInput(0));
            case "Add", "Mul" -> merge(node, op);
            case "Concat" -> {
                long axis = intAttr(node, "axis", 1);
                if (axis != 1) {
                    throw unsupported(node, "Concat over axis " + axis + " (channels, axis 1, only)");
                }
                List<String> in = dataInputs(node);
                if (in.size() == 1) {
                    alias(node, in.get(0));   // DenseNet's torch.cat([x], 1) of one tensor
                } else {
                    b.concat(in.stream().map(this::node).toArray(String[]::new));
                    named(node);
                }
            }
            default -> layers.map(node, op);
        }
    }

    /** Whether this Sigmoid (or HardSigmoid(1/6, 1/2)) only feeds a Mul by its own input: swish / hard swish. */
    private boolean fusesIntoMul(Onnx.NodeProto node) {
        List<Onnx.NodeProto> users = consumers.getOrDefault(node.getOutput(0), List.of());
        boolean hard = node.getOpType().equals("HardSigmoid");
        if (hard && (Math.abs(floatAttr(node, "alpha", 0.2) - 1 / 6.0) > 1e-6 || Math.abs(floatAttr(node, "beta", 0.5) - 0.5) > 1e-6)) {
            return false;
        }
        if (users.size() != 1 || !users.get(0).getOpType().equals("Mul") || graph.getOutputList().stream().anyMatch(o -> o.getName().equals(node.getOutput(0)))) {
            return false;
        }
        Onnx.NodeProto mul = users.get(0);
        Set<String> ins = new HashSet<>(mul.getInputList());
        if (!ins.equals(Set.of(node.getInput(0), node.getOutput(0)))) {
            return false;
        }
        fusedMuls.put(mul.getOutput(0), hard ? "hardSwish" : "swish");
        return true;
    }

    private void merge(Onnx.NodeProto node, String op) {
        String fused = fusedMuls.get(node.getOutput(0));
        if (fused != null) {
            String x = node.getInput(0).equals(node.getInput(1)) ? node.getInput(0)
                    : node.getInputList().stream().filter(layerOf::containsKey).findFirst().orElseThrow();
            b.from(node(x));
            if (fused.equals("swish")) {
                b.swish();
            } else {
                b.hardSwish();
            }
            named(node);
            return;
        }
        List<String> data = dataInputs(node);
        if (data.size() != 2) {
            throw unsupported(node, op + " with a constant operand");
        }
        String x = node(data.get(0));
        String y = node(data.get(1));
        Shape sx = b.shapeOf(x);
        Shape sy = b.shapeOf(y);
        if (sx.equals(sy) && !(unitMaps.contains(data.get(0)) ^ unitMaps.contains(data.get(1)))) {
            if (op.equals("Add")) {
                b.add(x, y);
            } else {
                b.multiply(x, y);
            }
        } else if (op.equals("Mul") && isGateFor(data.get(1), sx)) {
            b.scaleChannels(x, y);
        } else if (op.equals("Mul") && isGateFor(data.get(0), sy)) {
            b.scaleChannels(y, x);
        } else {
            throw unsupported(node, op + " of shapes that differ other than an image times a per-channel gate");
        }
        named(node);
    }

    /** Whether {@code tensor} is N×C×1×1 for an image of shape {@code image}. */
    private boolean isGateFor(String tensor, Shape image) {
        Shape g = b.shapeOf(node(tensor));
        return image.image() && (g.image() ? g.height() == 1 && g.width() == 1 && g.channels() == image.channels()
                : unitMaps.contains(tensor) && g.size() == image.channels());
    }

    private void assignWeights(ComputationGraph g) {
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
    }

    /** ONNX dimensions (without the batch) of a tensor a layer produces, or null for an unknown tensor. */
    private long[] onnxDims(String tensor) {
        String n = layerOf.get(tensor);
        if (n == null) {
            return null;
        }
        Shape s = b.shapeOf(n);
        return s.image() ? new long[] {s.channels(), s.height(), s.width()}
                : unitMaps.contains(tensor) ? new long[] {s.size(), 1, 1} : new long[] {s.size()};
    }

    void alias(Onnx.NodeProto node, String x) {
        layerOf.put(node.getOutput(0), node(x));
        if (unitMaps.contains(x)) {
            unitMaps.add(node.getOutput(0));
        }
    }

    /** Names the layer just added after the ONNX node and records the tensor it produces. */
    String named(Onnx.NodeProto node) {
        b.name(unique(baseName(node)));
        layerOf.put(node.getOutput(0), b.last());
        return b.last();
    }

    static String baseName(Onnx.NodeProto node) {
        return node.getName().isEmpty() ? node.getOutput(0) : node.getName();
    }

    /** A DL4J-friendly, unique layer name: PyTorch's {@code /layer1/layer1.0/conv1/Conv} → {@code layer1_layer1_0_conv1_Conv}. */
    String unique(String raw) {
        String base = raw.replaceAll("[^A-Za-z0-9_]", "_").replaceAll("_+", "_").replaceAll("^_|_$", "");
        base = base.isEmpty() ? "node" : base;
        String n = base;
        for (int i = 2; !usedNames.add(n) || n.endsWith("_pad") || n.endsWith("_crop"); i++) {
            n = base + "_" + i;
        }
        return n;
    }

    String node(String tensor) {
        String n = layerOf.get(tensor);
        if (n == null) {
            throw new IllegalArgumentException("ONNX tensor '" + tensor + "' is used before any node produces it"
                    + (constants.containsKey(tensor) ? " (it is a constant, where a layer input was expected)" : ""));
        }
        return n;
    }

    List<String> dataInputs(Onnx.NodeProto node) {
        return node.getInputList().stream().filter(i -> !i.isEmpty() && !constants.containsKey(i)).toList();
    }

    INDArray constant(Onnx.NodeProto node, int input) {
        INDArray c = input < node.getInputCount() ? constants.get(node.getInput(input)) : null;
        if (c == null) {
            throw unsupported(node, "input " + input + " that is not a constant (weights must be initializers)");
        }
        return c;
    }

    IllegalArgumentException unsupported(Onnx.NodeProto node, String what) {
        List<String> shapes = new ArrayList<>();
        for (String in : node.getInputList()) {
            String n = layerOf.get(in);
            shapes.add(in + (n != null ? " " + b.shapeOf(n) : constants.containsKey(in) ? " const" + java.util.Arrays.toString(constants.get(in).shape()) : ""));
        }
        return new IllegalArgumentException("cannot import ONNX node '" + node.getName() + "' (op " + node.getOpType() + ")"
                + (what.isEmpty() ? "" : ": " + what) + "; inputs " + shapes + (collect ? "" : "; supported ops: " + SUPPORTED));
    }
}
