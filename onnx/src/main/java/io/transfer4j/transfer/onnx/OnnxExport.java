package io.transfer4j.transfer.onnx;

import io.transfer4j.dsl.ActivationTypes;
import io.transfer4j.dsl.Network;
import io.transfer4j.dsl.Shape;
import io.transfer4j.dsl.Summary;
import io.transfer4j.transfer.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import onnx.Onnx;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.FrozenVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.L2NormalizeVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Exports a DL4J graph (any DSL-built network, with its current weights) to a standard {@code .onnx}
 * file (opset 13, NCHW float32, dynamic batch), using ONNX's generated protobuf classes that ship in
 * nd4j-api. Each graph vertex becomes one or a few ONNX nodes whose final output tensor carries the
 * vertex's name, so outputs and cut points keep their DL4J names. Dropout is removed (inference).
 *
 * <pre>{@code
 * OnnxExport.export(Zoo.resnet50().build(), Path.of("resnet50.onnx"));
 * }</pre>
 *
 * Unsupported layers fail before anything is written, naming every offending layer.
 */
public final class OnnxExport {
    private OnnxExport() {
    }

    /** Exports a DSL network (its graph is initialised if it was not yet). */
    public static Path export(Network network, Path out) {
        return export(network.graph(), network.inputShapes(), out);
    }

    /** Exports any graph whose inputs have the given shapes; written atomically (temp file + move). */
    public static Path export(ComputationGraph graph, List<Shape> inputShapes, Path out) {
        return write(toModel(graph, inputShapes), out);
    }

    /** Writes a model atomically (temp file in the same directory, forced to disk, then renamed). */
    static Path write(Onnx.ModelProto model, Path out) {
        return write(model::writeTo, out);
    }

    /** Writes whatever {@code content} produces through {@link AtomicFiles}: a failure leaves the previous file. */
    static Path write(AtomicFiles.Writer content, Path out) {
        try {
            AtomicFiles.write(out, content);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write ONNX file " + out + ": " + e.getMessage()
                    + " (any previous file there is unchanged; check free space and permissions)", e);
        }
    }

    /** The ONNX model in memory, with the graph's own outputs. */
    public static Onnx.ModelProto toModel(ComputationGraph graph, List<Shape> inputShapes) {
        return toModel(graph, inputShapes, graph.getConfiguration().getNetworkOutputs());
    }

    /**
     * The ONNX model of the part of the graph needed to compute {@code outputs} (e.g. a frozen trunk
     * ending at a feature layer); vertices not on the way are left out.
     */
    public static Onnx.ModelProto toModel(ComputationGraph graph, List<Shape> inputShapes, List<String> outputs) {
        ComputationGraphConfiguration conf = graph.getConfiguration();
        java.util.Set<String> needed = ancestors(conf, outputs);
        String why = unsupportedReason(graph, outputs);
        if (why != null) {
            throw new UnsupportedOperationException("cannot export to ONNX: " + why);
        }
        InputType[] types = inputShapes.stream().map(OnnxExport::inputType).toArray(InputType[]::new);
        Map<String, InputType> outTypes = ActivationTypes.of(conf, types);   // a LossLayer's output: its input's shape, not [n, 0]
        OnnxGraph g = new OnnxGraph(graph.getConfiguration().getNetworkInputs().size() == 1 ? "transfer4j" : "transfer4j-multi");
        Map<String, String> tensors = new HashMap<>();
        List<String> inputs = conf.getNetworkInputs();
        for (int i = 0; i < inputs.size(); i++) {
            Shape s = inputShapes.get(i);
            if (s.image()) {
                g.input(inputs.get(i), -1, s.channels(), s.height(), s.width());
            } else {
                g.input(inputs.get(i), -1, s.size());
            }
            tensors.put(inputs.get(i), inputs.get(i));
        }
        OnnxOps ops = new OnnxOps(g, graph);
        for (String name : Summary.order(conf)) {
            if (inputs.contains(name) || !needed.contains(name)) {
                continue;
            }
            GraphVertex v = conf.getVertices().get(name);
            if (v instanceof FrozenVertex f) {
                v = f.getUnderlying(); // model surgery's freeze of a parameter-free vertex: same forward pass
            }
            List<String> in = conf.getVertexInputs().get(name).stream().map(tensors::get).toList();
            String x = in.get(0);
            if (v instanceof LayerVertex lv) {
                x = preprocess(g, name, lv.getPreProcessor(), x);
                Layer layer = lv.getLayerConf().getLayer();
                String input = conf.getVertexInputs().get(name).get(0);
                int i = inputs.indexOf(input);
                InputType t = i >= 0 ? types[i] : outTypes.get(input);
                boolean image = t instanceof InputType.InputTypeConvolutional;
                tensors.put(name, ops.layer(name, layer, x, image ? ((InputType.InputTypeConvolutional) t).getHeight() : 1,
                        image ? ((InputType.InputTypeConvolutional) t).getWidth() : 1));
            } else if (v instanceof MergeVertex) {
                tensors.put(name, g.node("Concat", name, name, in.toArray(String[]::new), OnnxGraph.integer("axis", 1)));
            } else if (v instanceof ElementWiseVertex e) {
                String op = e.getOp() == ElementWiseVertex.Op.Add ? "Add" : e.getOp() == ElementWiseVertex.Op.Product ? "Mul"
                        : e.getOp() == ElementWiseVertex.Op.Subtract ? "Sub" : "Max";
                tensors.put(name, g.node(op, name, name, in.toArray(String[]::new)));
            } else if (v instanceof PreprocessorVertex p) {
                String y = preprocess(g, name, p.getPreProcessor(), x);
                tensors.put(name, g.node("Identity", name, name, new String[] {y}));
            } else if (v instanceof L2NormalizeVertex n) {
                String input = conf.getVertexInputs().get(name).get(0);
                int i = conf.getNetworkInputs().indexOf(input);
                int rank = (i >= 0 ? types[i] : outTypes.get(input)).getShape(true).length;
                tensors.put(name, ops.l2Normalize(name, n, x, rank));
            } else if (v instanceof ScaleVertex sv) {
                tensors.put(name, ops.scale(name, sv, x));
            } else if (v instanceof io.transfer4j.dsl.ChannelScaleVertex) {
                String gate = conf.getVertexInputs().get(name).get(1);
                int i = inputs.indexOf(gate);
                boolean vector = !((i >= 0 ? types[i] : outTypes.get(gate)) instanceof InputType.InputTypeConvolutional);
                tensors.put(name, ops.scaleChannels(name, x, in.get(1), vector));
            } else if (v instanceof org.deeplearning4j.nn.conf.graph.SubsetVertex sv) {
                tensors.put(name, ops.slice(name, sv, x));
            }
        }
        for (String o : outputs) {
            InputType t = outTypes.get(o);
            Shape s = shapeOf(t);
            if (s.image()) {
                g.output(tensors.get(o), -1, s.channels(), s.height(), s.width());
            } else {
                g.output(tensors.get(o), -1, s.size());
            }
        }
        return g.model("0.1.0");
    }

    /** Why the part of {@code graph} computing {@code outputs} cannot be exported (naming the layers), or null. */
    static String unsupportedReason(ComputationGraph graph, List<String> outputs) {
        ComputationGraphConfiguration conf = graph.getConfiguration();
        java.util.Set<String> needed = ancestors(conf, outputs);
        List<String> unsupported = new ArrayList<>();
        for (var e : conf.getVertices().entrySet()) {
            if (!needed.contains(e.getKey())) {
                continue;
            }
            String why = OnnxOps.unsupported(e.getValue());
            if (why != null) {
                unsupported.add("'" + e.getKey() + "' (" + why + ")");
            }
        }
        if (unsupported.isEmpty()) {
            return null;
        }
        return "unsupported layer(s) " + String.join(", ", unsupported)
                + "; supported: conv (standard, depthwise, separable, transposed), pooling, global pooling, batch norm, dense,"
                + " output, loss, flatten, activations, softmax, add, multiply, concat, dropout, zero padding, cropping, LRN, PReLU, L2 normalize, scale,"
                + " scaleChannels, sliceChannels";
    }

    /** The named vertices and everything they depend on. */
    static java.util.Set<String> ancestors(ComputationGraphConfiguration conf, List<String> outputs) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        java.util.Deque<String> todo = new java.util.ArrayDeque<>();
        for (String o : outputs) {
            if (!conf.getVertices().containsKey(o) && !conf.getNetworkInputs().contains(o)) {
                throw new IllegalArgumentException("no layer named '" + o + "' to export; close matches: "
                        + io.transfer4j.dsl.Names.closest(o, conf.getVertices().keySet()));
            }
            todo.add(o);
        }
        while (!todo.isEmpty()) {
            String v = todo.pop();
            if (seen.add(v) && conf.getVertexInputs().containsKey(v)) {
                todo.addAll(conf.getVertexInputs().get(v));
            }
        }
        return seen;
    }

    private static String preprocess(OnnxGraph g, String name, InputPreProcessor p, String x) {
        if (p == null) {
            return x;
        }
        if (p instanceof CnnToFeedForwardPreProcessor) {
            // NCHW flatten gives (c, h, w) order: exactly DL4J's CnnToFeedForward order.
            return g.node("Flatten", name + "_flatten", g.fresh(name + "_flat"), new String[] {x}, OnnxGraph.integer("axis", 1));
        }
        throw new UnsupportedOperationException("cannot export layer '" + name + "': input preprocessor "
                + p.getClass().getSimpleName() + " has no ONNX mapping");
    }

    private static InputType inputType(Shape s) {
        return s.image() ? InputType.convolutional(s.height(), s.width(), s.channels()) : InputType.feedForward(s.size());
    }

    private static Shape shapeOf(InputType t) {
        if (t instanceof InputType.InputTypeConvolutional c) {
            return Shape.image((int) c.getHeight(), (int) c.getWidth(), (int) c.getChannels());
        }
        return Shape.flat((int) t.arrayElementsPerExample());
    }
}
