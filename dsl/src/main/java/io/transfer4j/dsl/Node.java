package io.transfer4j.dsl;

import java.util.List;

/** A named node of the graph being built: its definition and the nodes feeding it. */
final class Node {
    String name;
    final LayerSpec spec;
    final List<Node> inputs;
    final Shape inputShape;   // only for network inputs

    Node(String name, LayerSpec spec, List<Node> inputs) {
        this.name = name;
        this.spec = spec;
        this.inputs = List.copyOf(inputs);
        this.inputShape = null;
    }

    Node(String name, Shape inputShape) {
        this.name = name;
        this.spec = null;
        this.inputs = List.of();
        this.inputShape = inputShape;
    }

    boolean isInput() {
        return spec == null;
    }
}
