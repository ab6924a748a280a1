package io.transfer4j.dsl;

import java.util.HashMap;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.LossLayer;

/**
 * The activation type of every vertex of a graph, as DL4J's {@code getLayerActivationTypes} but right for a
 * {@link LossLayer} (the DSL's {@code softmax().loss(...)}): that layer has no parameters and outputs what it
 * receives, yet DL4J reports it as a vector of its unset {@code nOut}, 0. Its type is taken from its (preprocessed)
 * input instead, so a model ending in one still has its classes (labels, predict) and its ONNX output shape.
 *
 * <pre>{@code
 * Map<String, InputType> types = ActivationTypes.of(graph.getConfiguration(), InputType.convolutional(32, 32, 3));
 * long classes = types.get("loss1").arrayElementsPerExample();
 * }</pre>
 */
public final class ActivationTypes {
    private ActivationTypes() {
    }

    /** Activation types of every vertex (and network input) for these input types, in the graph's input order. */
    public static Map<String, InputType> of(ComputationGraphConfiguration conf, InputType... inputs) {
        Map<String, InputType> types = new HashMap<>(conf.getLayerActivationTypes(inputs));
        for (String name : conf.getVertices().keySet()) {
            types.put(name, passThroughLoss(conf, types, name));
        }
        return types;
    }

    /** The type of vertex {@code name}, a loss layer's being its (preprocessed) input's, through loss layers in a row. */
    private static InputType passThroughLoss(ComputationGraphConfiguration conf, Map<String, InputType> types, String name) {
        if (!(conf.getVertices().get(name) instanceof LayerVertex lv)
                || !(Layers.unwrapFrozen(lv.getLayerConf().getLayer()) instanceof LossLayer)) {
            return types.get(name);
        }
        InputType in = passThroughLoss(conf, types, conf.getVertexInputs().get(name).get(0));
        return lv.getPreProcessor() == null ? in : lv.getPreProcessor().getOutputType(in);
    }
}
