package io.transfer4j.dsl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;

/**
 * Turns the defined nodes, once checked (an input first, at least one layer, every shape), into the DL4J
 * graph configuration: layers, vertices, inputs with their types, outputs.
 */
final class GraphAssembly {
    private GraphAssembly() {
    }

    /** The network of {@code table}; its outputs are the marked ones, or else {@code current}. */
    static Network assemble(String networkName, NeuralNetConfiguration.Builder defaults, NodeTable table, Node current) {
        List<Node> nodes = table.nodes();
        if (nodes.isEmpty() || !nodes.get(0).isInput()) {
            throw new IllegalStateException("network '" + networkName + "' has no input; start with input(h, w, c) or inputVector(n)");
        }
        if (nodes.stream().allMatch(Node::isInput)) {
            throw new IllegalStateException("network '" + networkName + "' has only inputs; add layers after input(...)");
        }
        Map<Node, Shape> shapes = table.shapes();
        List<Node> outs = table.outputs().isEmpty() ? List.of(current) : table.outputs();
        for (Node o : outs) {
            if (o.spec instanceof BatchNormSpec && !shapes.get(o.inputs.get(0)).image()) {
                // Measured: ComputationGraph.output() then fails with "Workspace ... for array type INPUT is not open".
                throw new ShapeException(o.name, "DL4J 1.0.0-M2.1 cannot run a batch norm over a vector as a network"
                        + " output (inference fails inside its workspaces); add a layer after it, e.g. identity()");
            }
        }
        ComputationGraphConfiguration.GraphBuilder g = defaults.graphBuilder();
        List<String> inputNames = new ArrayList<>();
        List<Shape> inputShapes = new ArrayList<>();
        for (Node n : nodes) {
            if (n.isInput()) {
                inputNames.add(n.name);
                inputShapes.add(n.inputShape);
                continue;
            }
            List<Shape> in = n.inputs.stream().map(shapes::get).toList();
            String[] from = n.inputs.stream().map(GraphAssembly::outputName).toArray(String[]::new);
            var before = n.spec.before(in);
            if (before != null) {
                String pad = helperName(table, n.name + "_pad");
                g.addLayer(pad, before, from);
                from = new String[] {pad};
            }
            var layer = n.spec.configuredLayer(in);
            if (layer != null) {
                g.addLayer(n.name, layer, from);
            } else {
                g.addVertex(n.name, n.spec.vertex(in), from);
            }
            if (n.spec.crops()) {
                g.addLayer(helperName(table, outputName(n)), n.spec.after(in), n.name);
            }
        }
        g.addInputs(inputNames);
        g.setInputTypes(inputShapes.stream().map(Shape::toInputType).toArray(InputType[]::new));
        g.setOutputs(outs.stream().map(GraphAssembly::outputName).toArray(String[]::new));
        g.allowNoOutput(true).validateOutputLayerConfig(false);
        Map<String, Shape> named = new LinkedHashMap<>();
        shapes.forEach((n, s) -> named.put(n.name, s));
        ComputationGraphConfiguration conf = g.build();
        if (named.size() < conf.getVertices().size() + inputNames.size()) {
            // helper layers (<name>_pad, <name>_crop): their shapes as DL4J infers them
            InputType[] types = inputShapes.stream().map(Shape::toInputType).toArray(InputType[]::new);
            conf.getLayerActivationTypes(types).forEach((name, t) -> named.putIfAbsent(name, Shape.of(t)));
        }
        return new Network(networkName, conf, inputShapes, named);
    }

    /** The graph vertex that carries a node's output: its own, or its {@code _crop} helper's. */
    static String outputName(Node n) {
        return n.spec != null && n.spec.crops() ? n.name + "_crop" : n.name;
    }

    private static String helperName(NodeTable table, String name) {
        if (table.contains(name)) {
            throw new IllegalArgumentException("layer name '" + name + "' is taken by the helper layer that pads or crops '"
                    + name.substring(0, name.lastIndexOf('_')) + "'; rename one of them");
        }
        return name;
    }
}
