package io.transfer4j.dsl;

import java.util.List;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * One node's definition inside a {@link NetworkBuilder}: knows its output shape for given input shapes
 * (validating them) and how to become a DL4J layer or vertex. Options stay mutable until {@code build()},
 * which is why shapes are computed on demand rather than stored.
 */
abstract class LayerSpec {
    IUpdater updater;
    WeightInit weightInit;

    /** Short kind used for auto-names ({@code conv1}, {@code pool2}) and the summary's type column. */
    abstract String kind();

    /** Output shape for these input shapes; throws {@link ShapeException} naming {@code name} when impossible. */
    abstract Shape outputShape(String name, List<Shape> in);

    /** The DL4J layer configuration for these input shapes. */
    Layer layer(List<Shape> in) {
        return null;
    }

    /** The DL4J vertex, for nodes that are not layers (merges, flatten). */
    GraphVertex vertex(List<Shape> in) {
        return null;
    }

    /**
     * A parameter-free DL4J layer that must run before this node's layer, named {@code <name>_pad}: the explicit
     * zero padding DL4J's convolutions cannot express themselves (asymmetric, or SAME with the extra pixel first).
     * Null when there is none.
     */
    Layer before(List<Shape> in) {
        return null;
    }

    /**
     * A parameter-free DL4J layer that must run after this node's layer, named {@code <name>_crop}; the node's
     * output is then that layer's (a transposed convolution's asymmetric crop or output padding). Only called
     * when {@link #crops()}.
     */
    Layer after(List<Shape> in) {
        return null;
    }

    /** Whether {@link #after} gives a layer (decided by the options alone, so wiring needs no shapes). */
    boolean crops() {
        return false;
    }

    /** Whether the layer has weights, so that a per-layer updater or weight init means something. */
    boolean hasParams() {
        return false;
    }

    /** How many inputs the node takes; -1 for two or more. */
    int arity() {
        return 1;
    }

    final Layer configuredLayer(List<Shape> in) {
        Layer l = layer(in);
        if (l instanceof BaseLayer b) {
            if (updater != null) {
                b.setIUpdater(updater);
            }
            if (weightInit != null) {
                b.setWeightInitFn(weightInit.getWeightInitFunction());
            }
        }
        return l;
    }

    static Shape single(List<Shape> in) {
        return in.get(0);
    }

    static Shape requireImage(String name, String what, Shape s) {
        if (!s.image()) {
            throw new ShapeException(name, what + " needs an image input (HxWxC) but gets a flat vector of "
                    + s.size() + "; put it before flatten()/dense()");
        }
        return s;
    }

    static int positive(String what, int v) {
        if (v <= 0) {
            throw new IllegalArgumentException(what + " must be > 0, got " + v);
        }
        return v;
    }
}
