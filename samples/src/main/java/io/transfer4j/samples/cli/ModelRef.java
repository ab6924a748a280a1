package io.transfer4j.samples.cli;

import io.transfer4j.dsl.Shape;
import io.transfer4j.dsl.Summary;
import io.transfer4j.transfer.TransferModel;
import io.transfer4j.zoo.ModelBuilder;
import io.transfer4j.zoo.Zoo;
import io.transfer4j.zoo.weights.Labels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * What {@code --model} names on the command line: a saved model file, or a zoo model (with
 * {@code --weights}: a tag such as {@code imagenet}, or a local .h5 / DL4J .zip / transfer4j .zip file).
 */
final class ModelRef {
    private final String description;
    private final TransferModel model;

    private ModelRef(String description, TransferModel model) {
        this.description = description;
        this.model = model;
    }

    static ModelRef load(String model, String weights) {
        Path file = Path.of(model);
        if (Files.isRegularFile(file)) {
            if (weights != null) {
                throw new IllegalArgumentException("--weights applies to zoo models; " + model + " is a saved model file with its own weights");
            }
            return new ModelRef("model file " + file, TransferModel.load(file));
        }
        if (model.contains("/") || model.endsWith(".zip")) {
            throw new IllegalArgumentException("model file " + model + " does not exist (and it is not a zoo model name: "
                    + String.join(", ", Zoo.names()) + ")");
        }
        ModelBuilder b = Zoo.model(model).weights(ModelBuilder.NO_WEIGHTS);   // random unless --weights: the description says so
        if (weights != null) {
            Path w = Path.of(weights);
            if (Files.isRegularFile(w)) {
                b.weights(w);
            } else {
                b.weights(weights);
            }
        }
        TransferModel m = TransferModel.from(b);
        if (weights != null && b.options().includeTop() && b.options().numClasses() == 1000) {
            m.labels(Labels.imagenet().names());   // ImageNet weights with their top: name the 1000 classes
        }
        return new ModelRef("zoo model " + model + (weights == null ? " (random weights)" : " with weights " + weights), m);
    }

    TransferModel model() {
        return model;
    }

    ComputationGraph graph() {
        return model.graph();
    }

    List<Shape> inputShapes() {
        return model.inputShapes();
    }

    Summary summary() {
        return model.summary();
    }

    String describe() {
        return description;
    }
}
