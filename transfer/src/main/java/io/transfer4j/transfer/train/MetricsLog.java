package io.transfer4j.transfer.train;

import io.transfer4j.transfer.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Keras's {@code CSVLogger}, in CSV or JSON: after every epoch, the whole history of the run (resumed epochs
 * included) is rewritten atomically to {@code file} — {@code .json} gives a JSON array of objects, any other
 * name CSV with a header. A run killed mid-write leaves the previous complete file.
 *
 * <pre>{@code TrainingConfig.builder(10).callback(new MetricsLog(Path.of("runs/a/history.csv"))).build();}</pre>
 */
public final class MetricsLog implements Callback {
    static final String[] COLUMNS = {"epoch", "train_loss", "train_accuracy", "val_loss", "val_accuracy", "lr", "seconds", "examples"};
    private final Path file;

    public MetricsLog(Path file) {
        this.file = java.util.Objects.requireNonNull(file, "log file");
    }

    @Override
    public void onEpochEnd(TrainingRun run, EpochStats stats) {
        String text = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json") ? json(run.history()) : csv(run.history());
        try {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            AtomicFiles.write(file, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the training log " + file + ": " + e.getMessage(), e);
        }
    }

    private static double[] row(EpochStats s) {
        return new double[] {s.epoch(), s.trainLoss(), s.trainAccuracy(), s.validationLoss(), s.validationAccuracy(), s.learningRate(),
                s.seconds(), s.examples()};
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.6g", v);
    }

    static String csv(List<EpochStats> history) {
        StringBuilder sb = new StringBuilder(String.join(",", COLUMNS)).append('\n');
        for (EpochStats s : history) {
            double[] r = row(s);
            for (int i = 0; i < r.length; i++) {
                sb.append(i == 0 ? "" : ",").append(Double.isNaN(r[i]) ? "" : number(r[i]));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    static String json(List<EpochStats> history) {
        StringBuilder sb = new StringBuilder("[");
        for (int e = 0; e < history.size(); e++) {
            double[] r = row(history.get(e));
            sb.append(e == 0 ? "\n  {" : ",\n  {");
            for (int i = 0; i < r.length; i++) {
                sb.append(i == 0 ? "" : ", ").append('"').append(COLUMNS[i]).append("\": ").append(Double.isNaN(r[i]) ? "null" : number(r[i]));
            }
            sb.append('}');
        }
        return sb.append("\n]\n").toString();
    }
}
