package io.transfer4j.dsl;

import java.util.List;
import java.util.stream.Collectors;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;

/**
 * Joins branches: element-wise add / multiply (shapes must match), concatenation along channels, or an image scaled
 * per channel by a gate (a 1×1×C image or a vector of C: squeeze-and-excitation's broadcast multiply).
 */
final class MergeSpec extends LayerSpec {
    enum Op { ADD, MULTIPLY, CONCAT, SCALE_CHANNELS }

    final Op op;
    List<String> inputNames = List.of();   // filled by the builder, for error messages

    MergeSpec(Op op) {
        this.op = op;
    }

    @Override
    String kind() {
        return switch (op) {
            case ADD -> "add";
            case MULTIPLY -> "multiply";
            case CONCAT -> "concat";
            case SCALE_CHANNELS -> "scale_channels";
        };
    }

    @Override
    int arity() {
        return -1;
    }

    @Override
    Shape outputShape(String name, List<Shape> in) {
        Shape first = in.get(0);
        if (op == Op.SCALE_CHANNELS) {
            return scaled(name, in);
        }
        if (op != Op.CONCAT) {
            for (int i = 1; i < in.size(); i++) {
                if (!in.get(i).equals(first)) {
                    throw new ShapeException(name, kind() + " needs equal shapes but '" + inputNames.get(0) + "' is "
                            + first + " and '" + inputNames.get(i) + "' is " + in.get(i)
                            + "; add a projection (1x1 conv) or match strides");
                }
            }
            return first;
        }
        int channels = 0;
        for (int i = 0; i < in.size(); i++) {
            Shape s = in.get(i);
            if (s.image() != first.image() || s.height() != first.height() || s.width() != first.width()) {
                throw new ShapeException(name, "concat needs equal spatial sizes but got "
                        + describe(in) + "; use padding SAME in every branch");
            }
            channels += s.channels();
        }
        return first.image() ? Shape.image(first.height(), first.width(), channels) : Shape.flat(channels);
    }

    private Shape scaled(String name, List<Shape> in) {
        Shape x = in.get(0);
        Shape gate = in.get(1);
        boolean fits = x.image() && (gate.image() ? gate.height() == 1 && gate.width() == 1 && gate.channels() == x.channels()
                : gate.size() == x.channels());
        if (in.size() != 2 || !fits) {
            throw new ShapeException(name, "scaleChannels needs an image and a gate of one value per channel (1x1x" + (x.image() ? x.channels() : "C")
                    + " or a vector of " + (x.image() ? x.channels() : "C") + ") but got " + describe(in)
                    + "; make the gate with globalAvgPool().keepDims() and 1x1 convs back to the image's channels");
        }
        return x;
    }

    private String describe(List<Shape> in) {
        return java.util.stream.IntStream.range(0, in.size())
                .mapToObj(i -> "'" + inputNames.get(i) + "' " + in.get(i)).collect(Collectors.joining(", "));
    }

    @Override
    GraphVertex vertex(List<Shape> in) {
        return switch (op) {
            case ADD -> new ElementWiseVertex(ElementWiseVertex.Op.Add);
            case MULTIPLY -> new ElementWiseVertex(ElementWiseVertex.Op.Product);
            case CONCAT -> new MergeVertex();
            case SCALE_CHANNELS -> new ChannelScaleVertex();
        };
    }
}
