package io.transfer4j.dsl;

import java.util.List;
import org.deeplearning4j.nn.conf.graph.GraphVertex;

/** Channels {@code from} (inclusive) to {@code to} (exclusive) of an image or a vector: a grouped conv's input split. */
final class SliceSpec extends LayerSpec {
    final int from;
    final int to;

    SliceSpec(int from, int to) {
        if (from < 0 || to <= from) {
            throw new IllegalArgumentException("sliceChannels(from, to) needs 0 <= from < to, got " + from + ", " + to);
        }
        this.from = from;
        this.to = to;
    }

    @Override
    String kind() {
        return "slice";
    }

    @Override
    Shape outputShape(String name, List<Shape> in) {
        Shape s = single(in);
        int channels = s.image() ? s.channels() : s.size();
        if (to > channels) {
            throw new ShapeException(name, "sliceChannels(" + from + ", " + to + ") goes past the " + channels + " channels of its input " + s);
        }
        return s.image() ? Shape.image(s.height(), s.width(), to - from) : Shape.flat(to - from);
    }

    @Override
    GraphVertex vertex(List<Shape> in) {
        return new ChannelSliceVertex(from, to - 1);   // DL4J's range is inclusive
    }
}
