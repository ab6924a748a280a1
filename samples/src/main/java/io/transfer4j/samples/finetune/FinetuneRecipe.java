package io.transfer4j.samples.finetune;

import io.transfer4j.dsl.PhaseTimes;
import io.transfer4j.transfer.Classifier;
import io.transfer4j.transfer.EvaluationReport;
import io.transfer4j.transfer.Evaluator;
import io.transfer4j.transfer.Learner;
import io.transfer4j.transfer.ModelFile;
import io.transfer4j.transfer.MultiLabelReport;
import io.transfer4j.transfer.TransferModel;
import io.transfer4j.transfer.data.ImageFolderData;
import io.transfer4j.transfer.onnx.Engine;
import io.transfer4j.transfer.train.FineTune;
import io.transfer4j.transfer.train.TrainingResult;
import io.transfer4j.zoo.ModelBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The fine-tuning recipe behind {@code ./transfer4j finetune} and the road-type samples: data → model → freeze → new head →
 * a {@link Learner} fits it with early stopping (or, with {@code --unfreeze-from}, fine-tunes: head first, then the top
 * of the trunk at a tenth of the rate with discriminative rates; a multi-label head gets its thresholds tuned on the
 * validation images) → save → evaluate and predict with the saved file → a report folder.
 *
 * <pre>{@code
 * FinetuneRecipe.Run run = FinetuneRecipe.fineTune(FinetuneOptions.parse("--data", "roads", "--model", "resnet50"));
 * System.out.println(run.test().accuracy() + " on the held-out images, model in " + run.model());
 * }</pre>
 */
public final class FinetuneRecipe {
    private FinetuneRecipe() {
    }

    /**
     * What {@link #fineTune} produced: the head's training run, the trunk's (null without {@code --unfreeze-from}),
     * the saved model's metrics on the held-out test images (a multi-label model's in {@code multiLabelTest}, with
     * {@code test} null) and the files written.
     */
    public record Run(TrainingResult head, TrainingResult trunk, EvaluationReport test, MultiLabelReport multiLabelTest,
                      Path model, Path report) {
    }

    /** The whole recipe (prints the report's summary on stdout); returns what it produced. */
    public static Run fineTune(FinetuneOptions o) throws Exception {
        o.check();                                                       // output paths, training options: before any loading
        ImageFolderData data;
        TransferModel model;
        if (o.modelIsFile()) {   // an imported (or earlier fine-tuned) model file: its own size, preprocessing and weights
            TransferModel base = PhaseTimes.time("load model", () -> TransferModel.load(Path.of(o.model)));
            data = PhaseTimes.time("data", () -> o.data(base));
            model = PhaseTimes.time("build", () -> o.model(base, data));
        } else {
            ModelBuilder base = o.baseModel();                           // e.g. Zoo.vgg16().includeTop(false).weights("imagenet")
            data = PhaseTimes.time("data", () -> o.data(base));
            model = PhaseTimes.time("build", () -> o.model(base, data)); // trunk frozen (up to --freeze-up-to), new head
        }
        Learner learner = o.learner(model, data);                        // Adam, early stopping on validation accuracy
        FinetuneReport report = new FinetuneReport(o.report).data(data.report()).model(model.summary().toString());
        FineTune.Result trained = o.train(learner, report);              // fit, or fine-tune from --unfreeze-from on
        if (model.isMultiLabel()) {
            learner.tuneThresholds();                                    // per label, best F1 on the validation images
        }
        if (o.standalone) {
            ModelFile.saveStandalone(model, o.out);
        } else {
            learner.save(o.out);                                         // the frozen trunk referenced from the local store
        }

        // everything below uses the file only, on --engine (the trunk's export is the training's: a cache hit)
        Classifier saved = Classifier.load(o.out).engine(o.engineKind(), Engine.defaultCacheDir());
        Evaluator evaluator = Evaluator.of(saved.model()).engine(o.engineKind()).topK(2).topLosses(5);
        List<Path> examples = FinetuneReport.onePerClass(data.split().test());
        EvaluationReport test = null;
        MultiLabelReport multiLabelTest = null;
        if (saved.model().isMultiLabel()) {
            multiLabelTest = evaluator.evaluateMultiLabel(data.test());
            report.test(multiLabelTest).predictions(examples, saved.predictLabelsFiles(examples));
        } else {
            test = evaluator.evaluate(data.test());
            report.test(test).predictions(examples, saved.predictFiles(examples, 3));
        }
        System.out.println(PhaseTimes.time("report", () -> {
            try {
                return report.write();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the report in " + o.report + ": " + e.getMessage(), e);
            }
        }));
        saved.close();
        if (o.verbose) {
            System.err.print("where the time went:\n" + PhaseTimes.table());
        }
        return new Run(trained.head(), trained.unfrozen(), test, multiLabelTest, o.out, o.report);
    }
}
