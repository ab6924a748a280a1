package io.transfer4j.samples.cli;

import io.transfer4j.transfer.EvaluationReport;
import io.transfer4j.transfer.Evaluator;
import io.transfer4j.transfer.TransferModel;
import io.transfer4j.transfer.data.ImageFolder;
import io.transfer4j.transfer.data.ImageFolderData;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code evaluate --model model.zip --data DIR}: metrics and confusion matrix of a saved model on an image folder. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Accuracy, top-k, per-class precision/recall/F1 and the confusion matrix on an image folder.")
final class EvaluateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Option(names = "--model", required = true, description = "saved model file")
    Path model;
    @Option(names = "--data", required = true, description = "folder with one sub-folder of images per class (the model's labels)")
    Path data;
    @Option(names = "--top", defaultValue = "2", description = "k of the top-k accuracy (default ${DEFAULT-VALUE})")
    int top;
    @Option(names = "--no-fold-bn", description = "run the model's own graph instead of a copy with BatchNorm folded into the"
            + " convolutions (the default: same outputs within 1e-4, faster)")
    boolean noFoldBn;
    @Option(names = "--json", description = "machine-readable output")
    boolean json;

    @Override
    public Integer call() {
        TransferModel m = TransferModel.load(model);
        ImageFolderData d = ImageFolder.of(data).split(0, 0, 1).preprocessing(m.preprocessing()).batchSize(16).load();
        if (!d.classNames().equals(m.labels())) {
            throw new IllegalArgumentException("the classes of " + data + " " + d.classNames() + " are not the model's labels "
                    + m.labels() + "; evaluate on a folder with one sub-folder per label of the model");
        }
        EvaluationReport r = evaluator(m).evaluate(d.test());
        var out = spec.commandLine().getOut();
        out.print(json ? toJson(r) : r.toString());
        return 0;
    }

    /** The evaluator the options ask for. */
    Evaluator evaluator(TransferModel m) {
        return Evaluator.of(m).topK(top).foldBatchNorm(!noFoldBn);
    }

    static String toJson(EvaluationReport r) {
        int n = r.labels().size();
        String perClass = IntStream.range(0, n).mapToObj(c -> String.format(Locale.ROOT,
                "{\"label\":%s,\"precision\":%.6f,\"recall\":%.6f,\"f1\":%.6f,\"support\":%d}",
                Json.str(r.labels().get(c)), r.precision(c), r.recall(c), r.f1(c), r.support(c))).collect(Collectors.joining(","));
        String confusion = IntStream.range(0, n).mapToObj(a -> IntStream.range(0, n).mapToObj(p -> String.valueOf(r.confusion(a, p)))
                .collect(Collectors.joining(",", "[", "]"))).collect(Collectors.joining(","));
        return String.format(Locale.ROOT, "{\"count\":%d,\"accuracy\":%.6f,\"top%d\":%.6f,\"macroF1\":%.6f,\"classes\":[%s],\"confusion\":[%s]}%n",
                r.count(), r.accuracy(), r.k(), r.topKAccuracy(), r.macroF1(), perClass, confusion);
    }
}
