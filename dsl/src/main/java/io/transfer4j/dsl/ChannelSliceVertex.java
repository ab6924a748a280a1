package io.transfer4j.dsl;

import org.deeplearning4j.nn.conf.graph.SubsetVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * DL4J's {@link SubsetVertex} (channels {@code from}..{@code to}, both inclusive) with the output type of an image
 * fixed: M2.1 computes its channels as {@code from − to + 1} (measured: 0 for a slice of two channels), so the layers
 * after it would be sized wrong. Its forward and backward passes are DL4J's. Made by {@link NetworkBuilder#sliceChannels}.
 */
public final class ChannelSliceVertex extends SubsetVertex {
    public ChannelSliceVertex(@JsonProperty("from") int from, @JsonProperty("to") int to) {
        super(from, to);
    }

    @Override
    public ChannelSliceVertex clone() {
        return new ChannelSliceVertex(getFrom(), getTo());
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) throws InvalidInputTypeException {
        if (vertexInputs.length == 1 && vertexInputs[0] instanceof InputType.InputTypeConvolutional c) {
            if (getTo() >= c.getChannels()) {
                throw new InvalidInputTypeException("channel slice " + getFrom() + ".." + getTo() + " goes past the "
                        + c.getChannels() + " channels of its input");
            }
            return InputType.convolutional(c.getHeight(), c.getWidth(), getTo() - getFrom() + 1, c.getFormat());
        }
        return super.getOutputType(layerIndex, vertexInputs);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChannelSliceVertex && super.equals(o);
    }

    @Override
    public int hashCode() {
        return super.hashCode() * 31 + 1;
    }
}
