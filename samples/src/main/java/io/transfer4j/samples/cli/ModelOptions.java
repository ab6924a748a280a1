package io.transfer4j.samples.cli;

import io.transfer4j.transfer.TransferModel;
import picocli.CommandLine.Option;

/**
 * {@code --model M [--weights W]}, the model a picture command looks at (explain, activations, filters, convolutionalize):
 * a saved model file, or a zoo model with random weights unless {@code --weights} names a tag or a file.
 */
final class ModelOptions {
    @Option(names = "--model", required = true, description = "saved model file, or zoo model name (e.g. vgg16)")
    String model;
    @Option(names = "--weights", description = "for zoo models: weight tag (imagenet) or weight file (default: random weights)")
    String weights;

    TransferModel load() {
        return ModelRef.load(model, weights).model();
    }
}
