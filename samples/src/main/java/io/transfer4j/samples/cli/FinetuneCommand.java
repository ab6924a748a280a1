package io.transfer4j.samples.cli;

import io.transfer4j.samples.finetune.FinetuneOptions;
import io.transfer4j.samples.finetune.FinetuneRecipe;
import io.transfer4j.transfer.Learner;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import org.nd4j.shade.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code finetune --data DIR [--model resnet50] ...}: the whole transfer pipeline on an image folder, with defaults
 * for a laptop, through a {@link Learner} — frozen trunk (or up to {@code --freeze-up-to}) and a new head fitted with
 * early stopping, or with {@code --unfreeze-from} the learner's two-phase fine-tune — then the saved model's test
 * metrics and a report folder ({@link FinetuneRecipe#fineTune}, so {@code --verbose} and {@code --standalone} apply).
 */
@Command(name = "finetune", description = {"Fine-tune a zoo model or a model file (e.g. an imported ONNX network) on an image folder (one sub-folder per class):",
        "frozen trunk + new head, early stopping, test metrics, a report folder and a model file."})
final class FinetuneCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    Options options;
    @Option(names = "--json", description = {"print one JSON object (schemaVersion, command, model, report, test{...} (a multi-label",
            "model's: meanAveragePrecision, microF1, labels[...]), head{...}, trunk{...}",
            "or null) and nothing else on stdout; progress and the report summary go to stderr"})
    boolean json;

    /** The road sample's options with the CLI's own default model: ResNet50 (98 MB of weights, not VGG16's 528 MB). */
    static final class Options extends FinetuneOptions {
        Options() {
            model = "resnet50";
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintStream stdout = System.out;
        if (json) {
            System.setOut(System.err);       // stdout carries only the JSON
        }
        FinetuneRecipe.Run run;
        try {
            run = FinetuneRecipe.fineTune(options.check());   // the road recipe: train, save, test the saved file, report
        } finally {
            System.setOut(stdout);
        }
        if (json) {
            ObjectNode out = JsonOutput.start("finetune");
            out.put("model", run.model().toString());
            out.put("report", run.report().toString());
            out.put("baseModel", options.model);
            if (run.test() != null) {
                JsonOutput.evaluation(out.putObject("test"), run.test());
            } else {
                JsonOutput.multiLabel(out.putObject("test"), run.multiLabelTest());
            }
            JsonOutput.training(out.putObject("head"), run.head());
            if (run.trunk() == null) {
                out.putNull("trunk");
            } else {
                JsonOutput.training(out.putObject("trunk"), run.trunk());
            }
            JsonOutput.print(spec.commandLine().getOut(), out);
        }
        return 0;
    }
}
