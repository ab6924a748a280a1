package io.transfer4j.samples.cli;

import io.transfer4j.samples.roads.RoadOptions;
import io.transfer4j.samples.roads.RoadReport;
import io.transfer4j.transfer.EvaluationReport;
import io.transfer4j.transfer.Learner;
import io.transfer4j.transfer.LearnerData.Split;
import io.transfer4j.transfer.TransferModel;
import io.transfer4j.transfer.data.ImageFolderData;
import io.transfer4j.zoo.ModelBuilder;
import io.transfer4j.transfer.train.FineTune;
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
 * metrics and a report folder.
 */
@Command(name = "finetune", description = {"Fine-tune a zoo model or a model file (e.g. an imported ONNX network) on an image folder (one sub-folder per class):",
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
        if (json) {
            System.setOut(System.err);       // stdout carries only the JSON
        }
        FineTune.Result trained;
        EvaluationReport test;
        RoadOptions o = options.check();
        try {
            Learner learner;
            ImageFolderData data;
            if (o.modelIsFile()) {   // an imported (or earlier fine-tuned) model file: its own size, preprocessing, weights
                TransferModel base = ModelRef.load(o.model, null).model();
                data = o.data(base);
                learner = o.learner(o.model(base, data), data);
            } else {
                ModelBuilder base = o.baseModel();
                data = o.data(base);
                learner = o.learner(o.model(base, data), data);
            }
            RoadReport report = new RoadReport(o.report).data(data.report()).model(learner.summary().toString());
            trained = o.train(learner, report);
            learner.save(o.out);
            // the test metrics of the saved file, not of the model in memory
            test = Learner.of(TransferModel.load(o.out), learner.data()).evaluate(Split.TEST, e -> e.topK(2).topLosses(5));
            System.out.println(report.test(test).write());
        } finally {
            System.setOut(stdout);
        }
        if (json) {
            ObjectNode out = JsonOutput.start("finetune");
            out.put("model", o.out.toString());
            out.put("report", o.report.toString());
            out.put("baseModel", o.model);
            JsonOutput.evaluation(out.putObject("test"), test);
            JsonOutput.training(out.putObject("head"), trained.head());
            if (trained.unfrozen() == null) {
                out.putNull("trunk");
            } else {
                JsonOutput.training(out.putObject("trunk"), trained.unfrozen());
            }
            JsonOutput.print(spec.commandLine().getOut(), out);
        }
        return 0;
    }
}
