package io.transfer4j.dsl;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a {@link NetworkBuilder} stands: the node the next layer reads from, and the layer option calls
 * change. The two differ after {@code from(...)}, which is why option calls are refused until a layer is
 * added: an option must never silently land on an earlier layer.
 */
final class Cursor {
    private final String networkName;
    private final NodeTable table;
    private Node current;
    private Node lastAdded;

    Cursor(String networkName, NodeTable table) {
        this.networkName = networkName;
        this.table = table;
    }

    /** The node the next layer reads from, or null before the first input. */
    Node current() {
        return current;
    }

    /** The node the next layer reads from; {@code what} names the call that needs one. */
    Node require(String what) {
        if (current == null) {
            throw new IllegalStateException(what + "(): network '" + networkName + "' has no layer yet; call input(...) first");
        }
        return current;
    }

    /** Continues from {@code n} without changing which layer options apply to. */
    void moveTo(Node n) {
        current = n;
    }

    /** Registers {@code n} (an input or a layer) and makes it both current and the target of options. */
    void append(Node n) {
        table.register(n);
        current = n;
        lastAdded = n;
    }

    /** A network input named {@code name} (block prefix added); a second input needs a name of its own. */
    void appendInput(String name, Shape shape) {
        String q = table.qualify(name);
        if (table.isInputName(q)) {
            throw new IllegalArgumentException("network '" + networkName + "' already has an input named '" + q
                    + "'; a second input needs its own name: input(\"other\", Shape.image(h, w, c))");
        }
        append(new Node(q, shape));
    }

    /** A layer reading from the current node, auto-named after its kind. */
    void appendLayer(LayerSpec spec) {
        Node in = require(spec.kind());
        append(new Node(table.autoName(spec.kind()), spec, List.of(in)));
    }

    /** A merge of the named nodes, auto-named after its operation. */
    void appendMerge(MergeSpec.Op op, String... inputs) {
        if (inputs.length < 2) {
            throw new IllegalArgumentException(op.name().toLowerCase() + " needs at least two inputs, got " + List.of(inputs));
        }
        MergeSpec spec = new MergeSpec(op);
        List<Node> in = new ArrayList<>();
        for (String i : inputs) {
            in.add(table.find(i));
        }
        spec.inputNames = in.stream().map(x -> x.name).toList();
        append(new Node(table.autoName(spec.kind()), spec, in));
    }

    /** The layer {@code name(...)} renames: the one added last, even if it is an input. */
    Node nameTarget(String name) {
        Node n = require("name");
        if (n != lastAdded) {
            throw new IllegalStateException("name(\"" + name + "\") applies to the layer added last, but from(\""
                    + n.name + "\") moved away from it");
        }
        return n;
    }

    /** The layer an option call such as {@code stride()} changes: the one added last, never an input. */
    Node optionTarget(String option) {
        Node n = require(option);
        if (n != lastAdded) {
            throw new IllegalStateException(option + "() applies to the layer added last, but from(\"" + n.name
                    + "\") moved away from it; add a layer first, then set its options");
        }
        if (n.isInput()) {
            throw new IllegalStateException(option + "() applies to the layer added last, but the last node is the input '" + n.name + "'");
        }
        return n;
    }
}
