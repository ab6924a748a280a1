package io.transfer4j.samples.cli;

import io.transfer4j.samples.roads.RoadOptions;
import io.transfer4j.samples.roads.RoadTypes;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import org.nd4j.shade.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code finetune --data DIR [--model resnet50] ...}: the whole transfer pipeline on an image folder — the road-type
 * sample's recipe ({@link RoadTypes}), which works for any folder of classes, with defaults for a laptop.
 */
@Command(name = "finetune", description = {"Fine-tune a zoo model on an image folder (one sub-folder per class):",
        "frozen trunk + new head, early stopping, test metrics, a report folder and a model file."})
final class FinetuneCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    Options options;
    @Option(names = "--json", description = {"print one JSON object (schemaVersion, command, model, report, test{...}, head{...}, trunk{...}",
            "or null) and nothing else on stdout; progress and the report summary go to stderr"})
    boolean json;

    /** The road sample's options with the CLI's own default model: ResNet50 (98 MB of weights, not VGG16's 528 MB). */
    static final class Options extends RoadOptions {
        Options() {
            model = "resnet50";
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintStream stdout = System.out;
        RoadTypes.Run run;
        if (json) {
            System.setOut(System.err);       // stdout carries only the JSON
        }
        try {
            run = RoadTypes.fineTune(options);
        } finally {
            System.setOut(stdout);
        }
        if (json) {
            ObjectNode o = JsonOutput.start("finetune");
            o.put("model", run.model().toString());
            o.put("report", run.report().toString());
            o.put("baseModel", options.model);
            JsonOutput.evaluation(o.putObject("test"), run.test());
            JsonOutput.training(o.putObject("head"), run.head());
            if (run.trunk() == null) {
                o.putNull("trunk");
            } else {
                JsonOutput.training(o.putObject("trunk"), run.trunk());
            }
            JsonOutput.print(spec.commandLine().getOut(), o);
        }
        return 0;
    }
}
