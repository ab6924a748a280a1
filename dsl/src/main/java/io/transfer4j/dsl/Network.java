package io.transfer4j.dsl;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * A network defined with the DSL: its DL4J configuration, the inferred shape of every node, and (made on
 * first use) the initialised {@link ComputationGraph}.
 *
 * <pre>{@code
 * Network net = Network.builder("tiny").input(28, 28, 1).conv(8, 3).relu().flatten().output(10).build();
 * System.out.println(net.summary());
 * ComputationGraph graph = net.graph();
 * }</pre>
 */
public final class Network {
    static {
        // Must run before any ND4J class loads natives: javacpp reads the platform extension only once.
        Natives.select();
    }

    private final String name;
    private final ComputationGraphConfiguration conf;
    private final List<Shape> inputShapes;
    private final Map<String, Shape> shapes;
    private ComputationGraph graph;

    Network(String name, ComputationGraphConfiguration conf, List<Shape> inputShapes, Map<String, Shape> shapes) {
        this.name = name;
        this.conf = conf;
        this.inputShapes = List.copyOf(inputShapes);
        this.shapes = Map.copyOf(shapes);
    }

    /** Starts a definition. */
    public static NetworkBuilder builder(String name) {
        return new NetworkBuilder(name);
    }

    public String name() {
        return name;
    }

    /** The DL4J configuration (no parameters allocated). */
    public ComputationGraphConfiguration conf() {
        return conf;
    }

    /** The initialised graph; created (and its parameters allocated) on first call. */
    public synchronized ComputationGraph graph() {
        if (graph == null) {
            graph = new ComputationGraph(conf.clone());
            graph.init();
        }
        return graph;
    }

    /**
     * Runs {@code load}, which must set every parameter (a strict weight load), on the graph: made now with its
     * parameters zero rather than randomly initialised when there is none yet — random initialisation of a ResNet50
     * costs about a second of CPU for values the load then overwrites. When {@code load} throws, the zero graph is
     * dropped (the next {@link #graph()} initialises one randomly).
     * <pre>{@code net.overwriteParameters(g -> KerasWeightsLoader.load(h5, g, LoadOptions.strict()));}</pre>
     */
    public synchronized <T> T overwriteParameters(java.util.function.Function<ComputationGraph, T> load) {
        if (graph != null) {
            return load.apply(graph);
        }
        ComputationGraph g = new ComputationGraph(conf.clone());
        long n = conf.getVertices().values().stream().mapToLong(v -> v.numParams(true)).sum();
        g.init(n == 0 ? null : org.nd4j.linalg.factory.Nd4j.zeros(conf.getDataType(), 1, n), false);
        T out = load.apply(g);
        graph = g;
        return out;
    }

    public List<Shape> inputShapes() {
        return inputShapes;
    }

    /** Output shape of a node by name. */
    public Shape shapeOf(String layer) {
        Shape s = shapes.get(layer);
        if (s == null) {
            throw new IllegalArgumentException("no layer named '" + layer + "' in network '" + name
                    + "'; close matches: " + Names.closest(layer, shapes.keySet()));
        }
        return s;
    }

    /** Shape of the (first) network output. */
    public Shape outputShape() {
        return shapeOf(conf.getNetworkOutputs().get(0));
    }

    /** Layer and vertex names in topological order (inputs first). */
    public List<String> layerNames() {
        return Summary.order(conf);
    }

    /** Total number of parameters, computed from the configuration (nothing allocated). */
    public long parameterCount() {
        return summary().totalParams();
    }

    /** The per-layer table: shapes, parameters, activation memory, receptive field. */
    public Summary summary() {
        return Summary.of(name, conf, inputShapes);
    }
}
