package io.transfer4j.dsl;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The nodes of a network being defined, in definition order, with their names: block scopes (prefixes),
 * automatic {@code <kind><n>} names, uniqueness, lookup by name, the nodes marked as the network's outputs,
 * and shape inference over all of them.
 */
final class NodeTable {
    private final String networkName;
    private final List<Node> nodes = new ArrayList<>();
    private final Map<String, Node> byName = new HashMap<>();
    private final Map<String, Integer> counters = new HashMap<>();
    private final Deque<String> scopes = new ArrayDeque<>();
    private final List<Node> outputs = new ArrayList<>();

    NodeTable(String networkName) {
        this.networkName = networkName;
    }

    List<Node> nodes() {
        return Collections.unmodifiableList(nodes);
    }

    /** Runs {@code body} with {@code prefix} added to every name it defines or looks up first. */
    void inScope(String prefix, Runnable body) {
        scopes.addLast(prefix);
        try {
            body.run();
        } finally {
            scopes.removeLast();
        }
    }

    /** Makes the named nodes the network's outputs, replacing any marked before. */
    void markOutputs(String... names) {
        outputs.clear();
        for (String n : names) {
            outputs.add(find(n));
        }
    }

    /** The nodes marked as outputs; empty when none were. */
    List<Node> outputs() {
        return Collections.unmodifiableList(outputs);
    }

    /** {@code name} with the prefixes of the blocks being defined: {@code conv2_block1_1_conv}. */
    String qualify(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("layer name must not be empty");
        }
        return scopes.isEmpty() ? name : String.join("_", scopes) + "_" + name;
    }

    /** The next free {@code <prefix><kind><n>}, counting per kind within the current block. */
    String autoName(String kind) {
        String base = qualify(kind);
        String name;
        do {
            int k = counters.merge(base, 1, Integer::sum);
            name = base + k;
        } while (byName.containsKey(name));
        return name;
    }

    void register(Node n) {
        checkUnique(n.name);
        nodes.add(n);
        byName.put(n.name, n);
    }

    /** Gives {@code n} the (already qualified) name {@code q}; a name in use is an error. */
    void rename(Node n, String q) {
        if (!q.equals(n.name)) {
            checkUnique(q);
            byName.remove(n.name);
            n.name = q;
            byName.put(q, n);
        }
    }

    boolean contains(String name) {
        return byName.containsKey(name);
    }

    boolean isInputName(String q) {
        Node n = byName.get(q);
        return n != null && n.isInput();
    }

    private void checkUnique(String name) {
        if (byName.containsKey(name)) {
            throw new IllegalArgumentException("duplicate layer name '" + name + "' in network '" + networkName
                    + "'; every layer needs its own name (blocks prefix theirs)");
        }
    }

    /** A node by name; inside a block the block-local name ({@code prefix_name}) is tried first. */
    Node find(String name) {
        Node n = scopes.isEmpty() || name == null ? null : byName.get(qualify(name));
        n = n != null ? n : byName.get(name);
        if (n == null) {
            throw new IllegalArgumentException("no layer named '" + name + "' in network '" + networkName
                    + "'; known: " + Names.closest(name, byName.keySet()));
        }
        return n;
    }

    /** Every node's output shape, validating each layer against its inputs (errors name the layer). */
    Map<Node, Shape> shapes() {
        Map<Node, Shape> out = new IdentityHashMap<>();
        for (Node n : nodes) {
            if (n.isInput()) {
                out.put(n, n.inputShape);
            } else {
                out.put(n, n.spec.outputShape(n.name, n.inputs.stream().map(out::get).toList()));
            }
        }
        return out;
    }
}
