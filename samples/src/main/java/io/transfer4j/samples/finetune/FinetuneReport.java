package io.transfer4j.samples.finetune;

import io.transfer4j.transfer.EvaluationReport;
import io.transfer4j.transfer.MultiLabelReport;
import io.transfer4j.transfer.Prediction;
import io.transfer4j.transfer.data.LabeledFile;
import io.transfer4j.transfer.io.AtomicFiles;
import io.transfer4j.transfer.report.Charts;
import io.transfer4j.transfer.train.EpochStats;
import io.transfer4j.transfer.train.TrainingResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The road samples' report folder: {@code summary.txt} (data, model, epochs, test metrics, example
 * predictions), {@code learning-curves.png} and {@code confusion-matrix.png}. Every file is written to a
 * temporary sibling and moved into place, so an interrupted run never leaves half a file.
 *
 * <pre>{@code new FinetuneReport(dir).training(fit).test(eval).write();}</pre>
 */
public final class FinetuneReport {
    public static final String SUMMARY = "summary.txt";
    public static final String CURVES = "learning-curves.png";
    public static final String CONFUSION = "confusion-matrix.png";

    private final Path dir;
    private final StringBuilder text = new StringBuilder();
    private final List<EpochStats> history = new ArrayList<>();
    private EvaluationReport test;

    public FinetuneReport(Path dir) {
        this.dir = dir;
    }

    public FinetuneReport data(String folderReport) {
        return section("Data", folderReport);
    }

    public FinetuneReport model(String summary) {
        return section("Model", summary);
    }

    /** One fit's epochs (call again for a second phase; null is ignored); the curves show them all in order. */
    public FinetuneReport training(TrainingResult result) {
        if (result == null) {
            return this;
        }
        history.addAll(result.history());
        StringBuilder s = new StringBuilder();
        result.history().forEach(e -> s.append(e.summary()).append('\n'));
        s.append(result.stoppedEarly() ? "stopped early; " : "").append("kept the weights of epoch ").append(result.bestEpoch());
        return section("Training", s.toString());
    }

    public FinetuneReport test(EvaluationReport evaluation) {
        this.test = evaluation;
        return section("Test (the saved model on held-out images)", String.format(Locale.ROOT,
                "accuracy %.4f on %d images%n", evaluation.accuracy(), evaluation.count()) + evaluation);
    }

    /** A multi-label model's test metrics (mAP, F1 per label; no confusion matrix). */
    public FinetuneReport test(MultiLabelReport evaluation) {
        return section("Test (the saved model on held-out images)", evaluation.toString());
    }

    public FinetuneReport predictions(List<Path> images, List<List<Prediction>> topK) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < images.size(); i++) {
            s.append(images.get(i).getFileName()).append(": ").append(topK.get(i)).append('\n');
        }
        return section("Predictions (index label probability)", s.toString());
    }

    /** The first file of each class in {@code files}, in label order: examples to show predictions for. */
    public static List<Path> onePerClass(List<LabeledFile> files) {
        Map<Integer, Path> first = new TreeMap<>();
        files.forEach(f -> first.putIfAbsent(f.label(), f.path()));
        return List.copyOf(first.values());
    }

    /** A titled section of {@code summary.txt}. */
    public FinetuneReport section(String title, String body) {
        text.append("== ").append(title).append('\n').append(body.stripTrailing()).append("\n\n");
        return this;
    }

    /** Writes the folder (charts need training and test results) and returns the summary text. */
    public String write() throws IOException {
        Files.createDirectories(dir);
        String summary = text.toString();
        AtomicFiles.write(dir.resolve(SUMMARY), out -> out.write(summary.getBytes(StandardCharsets.UTF_8)));
        if (!history.isEmpty()) {
            Map<String, List<Double>> curves = new LinkedHashMap<>();
            curves.put("train loss", history.stream().map(EpochStats::trainLoss).toList());
            curves.put("validation loss", history.stream().map(EpochStats::validationLoss).toList());
            curves.put("train accuracy", history.stream().map(EpochStats::trainAccuracy).toList());
            curves.put("validation accuracy", history.stream().map(EpochStats::validationAccuracy).toList());
            Charts.learningCurves(dir.resolve(CURVES), "epoch", curves);
        }
        if (test != null) {
            Charts.confusionMatrix(dir.resolve(CONFUSION), test.confusion(), test.labels());
        }
        return summary + "report: " + dir.toAbsolutePath() + "\n";
    }
}
