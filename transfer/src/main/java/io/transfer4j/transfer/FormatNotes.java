package io.transfer4j.transfer;

import io.transfer4j.dsl.Layers;
import io.transfer4j.dsl.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;

/**
 * What changed in meaning between model-file format versions, told when an older file is loaded.
 * Version 2: the DSL's {@code softmax()} on a feature map normalises over the channels (it used to be DL4J's
 * last axis, the width). A version-1 file keeps what it was saved with — its layers still hold DL4J's softmax —
 * so it computes what it always did; the note says where that differs from a network defined today.
 *
 * <pre>{@code FormatNotes.of(1, graph.getConfiguration(), shapes).forEach(LOG::warn);}</pre>
 */
final class FormatNotes {
    private FormatNotes() {
    }

    /** Notes for a file written in format {@code version} holding this graph; empty for the current format. */
    static List<String> of(int version, ComputationGraphConfiguration conf, List<Shape> inputShapes) {
        List<String> notes = new ArrayList<>();
        if (version >= 2) {
            return notes;
        }
        InputType[] types = inputShapes.stream().map(s -> s.image()
                ? InputType.convolutional(s.height(), s.width(), s.channels())
                : InputType.feedForward(s.size())).toArray(InputType[]::new);
        Map<String, InputType> out = io.transfer4j.dsl.ActivationTypes.of(conf, types);
        conf.getVertices().forEach((name, v) -> {
            if (v instanceof LayerVertex lv && softmax(lv.getLayerConf().getLayer())
                    && out.get(name) instanceof InputType.InputTypeConvolutional) {
                notes.add("layer '" + name + "' is a softmax on a feature map saved in model-file format 1: it normalises"
                        + " over the width (DL4J's last axis), as when it was saved. Networks defined with transfer4j's DSL"
                        + " since format 2 normalise such a softmax over the channels; rebuild and retrain the network to"
                        + " get that (softmax(SoftmaxAxis.WIDTH) keeps the old behaviour explicitly)");
            }
        });
        return notes;
    }

    private static boolean softmax(Layer l) {
        return Layers.activationOf(l) instanceof ActivationSoftmax;
    }
}
