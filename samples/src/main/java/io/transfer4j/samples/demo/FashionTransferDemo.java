package io.transfer4j.samples.demo;

import io.transfer4j.transfer.Classifier;
import io.transfer4j.transfer.EvaluationReport;
import io.transfer4j.transfer.Learner;
import io.transfer4j.transfer.LearnerData.Split;
import io.transfer4j.transfer.Prediction;
import io.transfer4j.transfer.TransferModel;
import io.transfer4j.transfer.data.FashionMnist;
import io.transfer4j.transfer.data.LabeledImages;
import io.transfer4j.transfer.pretrained.FewShotRecipe;
import io.transfer4j.transfer.report.Charts;
import io.transfer4j.transfer.train.EpochStats;
import io.transfer4j.transfer.train.TrainingResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The README demo: a small DSL CNN pretrained on Fashion-MNIST classes 0–4 (the project's own
 * {@code fmnist-cnn:classes0-4} weights) is transferred to classes 5–9 from a few labelled images per
 * class, next to the same network trained from scratch on the same images, both through a {@link Learner}
 * ({@link FewShotRecipe#transfer}, {@link FewShotRecipe#scratch}); both stop at the epoch with the best accuracy on
 * held-out training images (early stopping, best weights restored). Prints a comparison table with the data used,
 * writes a report folder (learning curves, confusion matrix, summary), saves the fine-tuned model and
 * predicts a few test images with the saved file.
 *
 * <pre>{@code ./transfer4j demo            # or: new FashionTransferDemo(DemoOptions.defaults()).run(out)}</pre>
 */
public final class FashionTransferDemo {
    static final int[] NEW_CLASSES = {5, 6, 7, 8, 9};
    private final DemoOptions o;

    public FashionTransferDemo(DemoOptions options) {
        this.o = options;
    }

    /** What the demo measured. */
    public record Outcome(double transferAccuracy, double scratchAccuracy, double transferSeconds, double scratchSeconds,
                          Path modelFile, Path reportDir, List<List<Prediction>> predictions) {
    }

    public Outcome run(PrintWriter out) {
        FashionMnist fm = o.embedded() ? FashionMnist.embedded() : o.dataDir() != null ? FashionMnist.at(o.dataDir()) : FashionMnist.locate();
        String data = describe(fm);
        out.println("data: " + data);
        LabeledImages train = fm.train().filterClasses(NEW_CLASSES).scaled(1 / 255.0);
        LabeledImages test = fm.test().filterClasses(NEW_CLASSES).scaled(1 / 255.0);
        if (o.testLimit() > 0 && test.size() > o.testLimit()) {
            test = test.sample(o.testLimit() / NEW_CLASSES.length, o.seed());
        }
        LabeledImages few = train.sample(o.shots(), o.seed());
        // The epochs are chosen on training images held out of the few (never on the test images).
        LabeledImages validation = FewShotRecipe.validation(train, o.shots(), o.validationPerClass(), o.seed());
        out.printf(Locale.ROOT, "task: classes 5-9 (%s) from %d labelled images per class; epochs chosen on %d held-out "
                        + "training images per class; test on %d images%n",
                String.join(", ", few.classNames()), o.shots(), o.validationPerClass(), test.size());

        TransferModel pretrained = PretrainedSource.load(o, fm, out);
        out.flush();

        long t0 = System.nanoTime();
        Learner transferLearner = FewShotRecipe.transfer(pretrained, few, validation, test, o.seed())
                .settings(c -> c.progressBar(o.progressBars()));
        TrainingResult transfer = transferLearner.fit(o.headEpochs());
        double transferSeconds = (System.nanoTime() - t0) / 1e9;

        long t1 = System.nanoTime();
        Learner scratchLearner = FewShotRecipe.scratch(few, validation, test, o.seed())   // same network and head
                .settings(c -> c.progressBar(o.progressBars()));
        TrainingResult scratch = scratchLearner.fit(o.scratchEpochs());
        double scratchSeconds = (System.nanoTime() - t1) / 1e9;

        EvaluationReport tr = transferLearner.evaluate(Split.TEST, e -> e.topK(2));
        EvaluationReport sr = scratchLearner.evaluate(Split.TEST, e -> e.topK(2));
        out.println();
        out.printf(Locale.ROOT, "%-34s %10s %10s %14s%n", "classes 5-9, " + o.shots() + " images/class", "accuracy", "time (s)", "best epoch");
        out.printf(Locale.ROOT, "%-34s %10.4f %10.1f %14s%n", "from scratch (same network)", sr.accuracy(), scratchSeconds, epochs(scratch));
        out.printf(Locale.ROOT, "%-34s %10.4f %10.1f %14s%n", "transfer (frozen pretrained trunk)", tr.accuracy(), transferSeconds, epochs(transfer));
        out.printf(Locale.ROOT, "data: %s; seed %d; accuracy on %d test images%n", data, o.seed(), test.size());
        if (!fm.isFull()) {
            out.println("note: on the embedded subset the test set is small (100 images per class), so one seed's accuracies "
                    + "move by a few points; README gives the means over seeds");
        }
        out.println();

        Path dir = o.outDir();
        Path modelFile = dir.resolve("fmnist-classes5-9.zip");
        TransferModel model = transferLearner.model();
        model.recipe("task", "Fashion-MNIST classes 5-9, " + o.shots() + " images per class, seed " + o.seed())
                .recipe("head epochs", transfer.bestEpoch()).save(modelFile);
        writeReport(dir, transfer, scratch, tr, sr, model);
        out.println("report: " + dir.toAbsolutePath() + " (learning-curves.png, confusion-matrix.png, summary.txt)");
        out.println("model:  " + modelFile.toAbsolutePath());

        Classifier classifier = Classifier.load(modelFile);
        int[] shown = firstOfEachClass(test);
        INDArray images = test.features().get(NDArrayIndex.indices(java.util.Arrays.stream(shown).asLongStream().toArray())).mul(255);
        List<List<Prediction>> predictions = classifier.predictBatch(images, 2);   // raw 0..255 pixels, as from a file
        out.println("predictions of the saved model on one test image per class:");
        for (int i = 0; i < predictions.size(); i++) {
            out.printf(Locale.ROOT, "  test image %4d (truly %-11s) -> %s%n", shown[i], test.classNames().get(test.labels()[shown[i]]), predictions.get(i));
        }
        out.flush();
        return new Outcome(tr.accuracy(), sr.accuracy(), transferSeconds, scratchSeconds, modelFile, dir, predictions);
    }

    private static int[] firstOfEachClass(LabeledImages images) {
        int[] first = new int[images.numClasses()];
        java.util.Arrays.fill(first, -1);
        for (int i = 0; i < images.size(); i++) {
            if (first[images.labels()[i]] < 0) {
                first[images.labels()[i]] = i;
            }
        }
        return java.util.Arrays.stream(first).filter(i -> i >= 0).toArray();
    }

    /** Where the images came from, as printed next to the result. */
    static String describe(FashionMnist fm) {
        return fm.isFull() ? "full Fashion-MNIST (" + fm.source() + ")" : fm.source();
    }

    /** "best of run", e.g. "7 of 17" (stopped after 10 epochs without a better validation accuracy). */
    private static String epochs(TrainingResult r) {
        return r.bestEpoch() + " of " + r.epochs();
    }

    private void writeReport(Path dir, TrainingResult transfer, TrainingResult scratch, EvaluationReport tr,
                             EvaluationReport sr, TransferModel model) {
        Map<String, List<Double>> curves = new LinkedHashMap<>();
        curves.put("transfer: train loss", transfer.history().stream().map(EpochStats::trainLoss).toList());
        curves.put("transfer: validation accuracy", transfer.history().stream().map(EpochStats::validationAccuracy).toList());
        curves.put("scratch: train loss", scratch.history().stream().map(EpochStats::trainLoss).toList());
        curves.put("scratch: validation accuracy", scratch.history().stream().map(EpochStats::validationAccuracy).toList());
        Charts.learningCurves(dir.resolve("learning-curves.png"), "epoch", curves);
        Charts.confusionMatrix(dir.resolve("confusion-matrix.png"), tr.confusion(), tr.labels());
        String text = "transfer4j demo: Fashion-MNIST classes 0-4 -> 5-9, " + o.shots() + " labelled images per class, seed "
                + o.seed() + "\nepochs chosen on " + o.validationPerClass() + " held-out training images per class\n\n== transfer (frozen pretrained trunk, new head) ==\n" + tr
                + "\n== from scratch ==\n" + sr + "\n== fine-tuned model ==\n" + model.summary();
        try {
            Files.writeString(dir.resolve("summary.txt"), text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve("summary.txt"), e);
        }
    }
}
