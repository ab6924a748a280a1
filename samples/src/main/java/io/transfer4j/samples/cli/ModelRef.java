package io.transfer4j.samples.cli;

import io.transfer4j.dsl.Network;
import io.transfer4j.dsl.Shape;
import io.transfer4j.dsl.Summary;
import io.transfer4j.zoo.ModelBuilder;
import io.transfer4j.zoo.Zoo;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;

/** What {@code --model} names on the command line: a zoo model (optionally with weights) or a saved model file. */
final class ModelRef {
    private final String description;
    private final Network network;

    private ModelRef(String description, Network network) {
        this.description = description;
        this.network = network;
    }

    static ModelRef load(String model, String weights) {
        ModelBuilder b = Zoo.model(model);
        if (weights != null) {
            b.weights(weights);
        }
        return new ModelRef("zoo model " + model + (weights == null ? "" : " with weights " + weights), b.build());
    }

    ComputationGraph graph() {
        return network.graph();
    }

    List<Shape> inputShapes() {
        return network.inputShapes();
    }

    Summary summary() {
        return network.summary();
    }

    String describe() {
        return description;
    }
}
