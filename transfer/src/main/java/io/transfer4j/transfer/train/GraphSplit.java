package io.transfer4j.transfer.train;

import io.transfer4j.dsl.Layers;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.FrozenLayer;
import org.deeplearning4j.nn.layers.FrozenLayerWithBackprop;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.node.JsonNodeFactory;
import org.nd4j.shade.jackson.databind.node.ObjectNode;

/**
 * Cuts a graph into a frozen trunk and a trainable head at the single node where they meet, so the trunk
 * can run once (in inference mode) and the head be trained alone on its output. The head becomes a graph
 * of its own whose input is named after that node; its layers keep their names, so parameters and updater
 * state move between the two graphs by name ({@link StateTransfer}).
 *
 * <p>A vertex belongs to the head if it has trainable parameters (not wrapped in a frozen layer), is random
 * at training time (dropout), or reads from a head vertex. Everything else is trunk: frozen layers (whose
 * batch norms DL4J runs in inference mode) and parameter-free vertices.
 */
final class GraphSplit {
    final ComputationGraph full;
    final String boundary;
    final List<String> headVertices;

    private GraphSplit(ComputationGraph full, String boundary, List<String> headVertices) {
        this.full = full;
        this.boundary = boundary;
        this.headVertices = headVertices;
    }

    /** The split, or the reason there is none (shown in the log / the REQUIRED error). */
    static Result of(ComputationGraph graph) {
        ComputationGraphConfiguration conf = graph.getConfiguration();
        Map<String, List<String>> inputs = conf.getVertexInputs();
        List<String> order = topological(graph);
        Set<String> head = new LinkedHashSet<>();
        for (String name : order) {
            if (conf.getNetworkInputs().contains(name)) {
                continue;
            }
            boolean readsHead = inputs.getOrDefault(name, List.of()).stream().anyMatch(head::contains);
            if (readsHead || trainableOrRandom(graph, name)) {
                head.add(name);
            }
        }
        if (head.isEmpty()) {
            return new Result(null, "nothing in the model is trainable (every layer is frozen)");
        }
        Set<String> boundaries = new LinkedHashSet<>();
        for (String h : head) {
            for (String in : inputs.getOrDefault(h, List.of())) {
                if (!head.contains(in)) {
                    boundaries.add(in);
                }
            }
        }
        if (boundaries.size() != 1) {
            return new Result(null, "the head reads " + boundaries.size() + " trunk nodes " + boundaries + "; caching needs exactly one");
        }
        String b = boundaries.iterator().next();
        if (conf.getNetworkInputs().contains(b)) {
            return new Result(null, "trainable layers read the network input '" + b + "' directly: there is no frozen trunk to cache");
        }
        for (String out : conf.getNetworkOutputs()) {
            if (!head.contains(out)) {
                return new Result(null, "output '" + out + "' is frozen");
            }
        }
        return new Result(new GraphSplit(graph, b, List.copyOf(head)), null);
    }

    /** What {@link #of} found: a split, or why not. */
    record Result(GraphSplit split, String whyNot) {
        Optional<GraphSplit> get() {
            return Optional.ofNullable(split);
        }
    }

    private static boolean trainableOrRandom(ComputationGraph graph, String name) {
        org.deeplearning4j.nn.graph.vertex.GraphVertex v = graph.getVertex(name);
        if (!v.hasLayer()) {
            return false;
        }
        Layer layer = v.getLayer();
        if (layer instanceof FrozenLayerWithBackprop || layer instanceof FrozenLayer) {
            return false;
        }
        if (layer.numParams() > 0) {
            return true;
        }
        return Layers.isRandomInTraining(layer.conf().getLayer());
    }

    static List<String> topological(ComputationGraph graph) {
        List<String> order = new ArrayList<>();
        for (int i : graph.topologicalSortOrder()) {
            order.add(graph.getVertices()[i].getVertexName());
        }
        return order;
    }

    /** The trunk: the full graph's output at {@link #boundary} (activations computed in inference mode). */
    String featureNode() {
        return boundary;
    }

    /** A new graph made of the head vertices, reading the trunk output as its input; parameters copied in. */
    ComputationGraph buildHead() {
        ComputationGraphConfiguration conf = full.getConfiguration().clone();
        Map<String, GraphVertex> vertices = new LinkedHashMap<>();
        Map<String, List<String>> vertexInputs = new HashMap<>();
        for (String name : headVertices) {
            vertices.put(name, conf.getVertices().get(name));
            vertexInputs.put(name, new ArrayList<>(conf.getVertexInputs().get(name)));
        }
        conf.setVertices(vertices);
        conf.setVertexInputs(vertexInputs);
        conf.setNetworkInputs(new ArrayList<>(List.of(boundary)));
        conf.setTopologicalOrder(null);
        conf.setTopologicalOrderStr(null);
        conf.setIterationCount(full.getConfiguration().getIterationCount());
        conf.setEpochCount(full.getConfiguration().getEpochCount());
        ComputationGraph head = new ComputationGraph(conf);
        head.init();
        StateTransfer.copyParams(full, head, headVertices);
        StateTransfer.copyUpdaterState(full, head);
        return head;
    }

    /**
     * The head of a saved graph as {@link #buildHead} makes it, from the configuration's JSON alone: the same cut
     * made on the JSON tree, so only the head's few vertices are parsed and initialised, never the trunk (seconds
     * for a ResNet50). Parameters start random: the caller sets them. {@code boundary} and {@code headVertices} are
     * what a {@link #of split} of the same configuration found.
     */
    static ComputationGraph headFromJson(String confJson, String boundary, List<String> headVertices) {
        ObjectNode c;
        try {
            c = (ObjectNode) new ObjectMapper().readTree(confJson);
        } catch (IOException e) {
            throw new IllegalArgumentException("the configuration is not JSON: " + e.getMessage(), e);
        }
        JsonNode allVertices = c.path("vertices");
        JsonNode allInputs = c.path("vertexInputs");
        ObjectNode vertices = JsonNodeFactory.instance.objectNode();
        ObjectNode vertexInputs = JsonNodeFactory.instance.objectNode();
        for (String v : headVertices) {
            if (!allVertices.has(v) || !allInputs.has(v)) {
                throw new IllegalArgumentException("the configuration has no vertex '" + v + "'");
            }
            vertices.set(v, allVertices.get(v));
            vertexInputs.set(v, allInputs.get(v));
        }
        c.set("vertices", vertices);
        c.set("vertexInputs", vertexInputs);
        c.putArray("networkInputs").add(boundary);
        c.putNull("topologicalOrder");
        c.putNull("topologicalOrderStr");
        ComputationGraph head = new ComputationGraph(ComputationGraphConfiguration.fromJson(c.toString()));
        head.init();
        return head;
    }

    /** Writes the head's trained parameters, updater state and counters back into the full graph. */
    void copyBack(ComputationGraph head) {
        StateTransfer.copyParams(head, full, headVertices);
        StateTransfer.copyUpdaterState(head, full);
        full.getConfiguration().setIterationCount(head.getConfiguration().getIterationCount());
        full.getConfiguration().setEpochCount(head.getConfiguration().getEpochCount());
    }
}
