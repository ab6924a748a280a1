package io.transfer4j.dsl;

import java.util.List;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;

/**
 * Image → vector. The order is DL4J's channels-first (c, h, w); Keras flattens channels-last (h, w, c),
 * which is why the Keras loader permutes the rows of the first dense layer after a flatten.
 */
final class FlattenSpec extends LayerSpec {
    @Override
    String kind() {
        return "flatten";
    }

    @Override
    Shape outputShape(String name, List<Shape> in) {
        return Shape.flat(requireImage(name, "flatten", single(in)).size());
    }

    @Override
    GraphVertex vertex(List<Shape> in) {
        Shape s = single(in);
        return new PreprocessorVertex(new CnnToFeedForwardPreProcessor(s.height(), s.width(), s.channels()));
    }
}
