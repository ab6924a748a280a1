package io.transfer4j.samples.cli;

import io.transfer4j.dsl.Summary;
import java.util.concurrent.Callable;
import org.nd4j.shade.jackson.databind.node.ArrayNode;
import org.nd4j.shade.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code summary <model>}: the per-layer table of a zoo model or a saved model file. */
@Command(name = "summary", mixinStandardHelpOptions = true,
        description = "Per-layer table: output shapes, parameters, activation memory, receptive field.")
final class SummaryCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Parameters(paramLabel = "MODEL", description = "zoo model name (e.g. vgg16) or a saved model file")
    String model;
    @Option(names = "--json", description = "one JSON object: schemaVersion, command, model, layers[], totalParams, trainableParams, nonTrainableParams (BatchNorm moving statistics and frozen layers, as Keras counts), frozenParams, activations")
    boolean json;

    @Override
    public Integer call() {
        Summary s = ModelRef.load(model, null).summary();
        if (json) {
            JsonOutput.print(spec.commandLine().getOut(), toJson(model, s));
        } else {
            spec.commandLine().getOut().print(s);
        }
        return 0;
    }

    static ObjectNode toJson(String model, Summary s) {
        ObjectNode o = JsonOutput.start("summary");
        o.put("model", model);
        ArrayNode layers = o.putArray("layers");
        for (Summary.Row r : s.rows()) {
            layers.addObject().put("name", r.name()).put("type", r.type()).put("shape", r.shape().toString()).put("params", r.params())
                    .put("weights", r.weights()).put("activations", r.activations()).put("rf", r.rf()).put("jump", r.jump())
                    .put("frozen", r.frozen()).put("nonTrainable", r.nonTrainable());
        }
        o.put("totalParams", s.totalParams());
        o.put("trainableParams", s.trainableParams());
        o.put("nonTrainableParams", s.nonTrainableParams());
        o.put("frozenParams", s.frozenParams());
        o.put("activations", s.activations());
        return o;
    }
}
