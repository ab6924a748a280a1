package io.transfer4j.dsl;

/**
 * A network definition that cannot work: a kernel larger than its input, a merge of mismatched shapes,
 * a negative size. Thrown while the network is built, naming the layer and the shapes involved.
 */
public class ShapeException extends IllegalArgumentException {
    public ShapeException(String layer, String problem) {
        super("layer '" + layer + "': " + problem);
    }
}
