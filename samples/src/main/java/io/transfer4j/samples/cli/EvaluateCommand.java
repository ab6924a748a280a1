package io.transfer4j.samples.cli;

import io.transfer4j.dsl.PhaseTimes;
import io.transfer4j.samples.finetune.FinetuneOptions;
import io.transfer4j.transfer.EvaluationReport;
import io.transfer4j.transfer.Evaluator;
import io.transfer4j.transfer.MultiLabelReport;
import io.transfer4j.transfer.TransferModel;
import io.transfer4j.transfer.data.ImageFolder;
import io.transfer4j.transfer.data.ImageFolderData;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.nd4j.shade.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code evaluate --model model.zip --data DIR}: metrics and confusion matrix of a saved model on an image folder (a
 * multi-label model's mAP and F1 per label, on a folder per label or a CSV).
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Accuracy, top-k, per-class precision/recall/F1 and the confusion matrix on an image folder.")
final class EvaluateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Option(names = "--model", required = true, description = "saved model file")
    Path model;
    @Option(names = "--data", required = true, description = {"folder with one sub-folder of images per class (the model's labels),",
            "or for a multi-label model a folder per label or a CSV of 'path,label1;label2' rows"})
    Path data;
    @Option(names = "--top", defaultValue = "2", description = "k of the top-k accuracy (default ${DEFAULT-VALUE})")
    int top;
    @Option(names = "--no-fold-bn", description = "run the model's own graph instead of a copy with BatchNorm folded into the"
            + " convolutions (the default: same outputs within 1e-4, faster)")
    boolean noFoldBn;
    @Option(names = "--engine", defaultValue = "auto", paramLabel = "auto|dl4j|onnx",
            description = "what runs the model: auto (default: ONNX Runtime when the model exports, else DL4J), dl4j or onnx")
    String engine;
    @Option(names = "--tta", defaultValue = "1", paramLabel = "N",
            description = "test-time augmentation: average over 1 (off, the default), 2 (image + mirror), 5 (five crops) or 10 (five crops + mirrors) views")
    int tta;
    @Option(names = "--verbose", description = "print where the time went (load model, export, evaluate)")
    boolean verbose;
    @Option(names = "--json", description = "one JSON object: schemaVersion, command, model, data, count, accuracy, topK{k, accuracy}, macroF1, classes[], confusion[][]")
    boolean json;

    @Override
    public Integer call() {
        TransferModel m = TransferModel.load(model);
        ImageFolder folder = ImageFolder.of(data).split(0, 0, 1).preprocessing(m.preprocessing()).batchSize(16);
        ImageFolderData d = (m.isMultiLabel() ? folder.multiLabel() : folder).load();
        if (!d.classNames().equals(m.labels())) {
            throw new IllegalArgumentException("the classes of " + data + " " + d.classNames() + " are not the model's labels "
                    + m.labels() + "; evaluate on a folder with one sub-folder per label of the model");
        }
        // a multi-label model's report (mAP, F1 per label) or the single-label one (accuracy, confusion matrix)
        Object report = m.isMultiLabel() ? evaluator(m).evaluateMultiLabel(d.test()) : evaluator(m).evaluate(d.test());
        if (verbose) {
            System.err.print("where the time went:\n" + PhaseTimes.table());
        }
        var out = spec.commandLine().getOut();
        if (json) {
            ObjectNode o = JsonOutput.start("evaluate");
            o.put("model", model.toString());
            o.put("data", data.toString());
            if (report instanceof MultiLabelReport r) {
                JsonOutput.multiLabel(o, r);
            } else {
                JsonOutput.evaluation(o, (EvaluationReport) report);
            }
            JsonOutput.print(out, o);
        } else {
            out.print(report);
        }
        return 0;
    }

    /** The evaluator the options ask for. */
    Evaluator evaluator(TransferModel m) {
        return Evaluator.of(m).topK(top).foldBatchNorm(!noFoldBn).engine(FinetuneOptions.engineKind(engine, "--engine")).tta(tta);
    }
}
