package io.transfer4j.transfer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.PriorityQueue;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Classification metrics of a model on labelled data: accuracy, top-k accuracy, the confusion matrix,
 * per-class precision / recall / F1 and the worst examples. DL4J's {@link Evaluation} counts underneath.
 * {@link #toString()} is a readable report; every figure also has an accessor.
 *
 * <pre>{@code
 * EvaluationReport r = Evaluator.of(model).tta(true).evaluate(testData);
 * System.out.println(r);                  // accuracy, per-class table, confusion matrix, top losses
 * double f1 = r.f1("unpaved");
 * }</pre>
 */
public final class EvaluationReport {
    private final List<String> labels;
    private final Evaluation eval;
    private final int k;
    private final int count;
    private final List<TopLoss> topLosses;

    private EvaluationReport(List<String> labels, Evaluation eval, int k, int count, List<TopLoss> topLosses) {
        this.labels = List.copyOf(labels);
        this.eval = eval;
        this.k = k;
        this.count = count;
        this.topLosses = List.copyOf(topLosses);
    }

    /** Accumulates batches of one-hot labels and predicted probabilities. */
    static final class Builder {
        private final List<String> labels;
        private final Evaluation eval;
        private final int k;
        private final int keep;
        private final PriorityQueue<TopLoss> worst = new PriorityQueue<>(Comparator.comparingDouble(TopLoss::loss));
        private int count;

        Builder(List<String> labels, int k, int keep) {
            this.labels = labels;
            this.k = Math.max(1, Math.min(k, labels.size()));
            this.keep = keep;
            this.eval = new Evaluation(labels, this.k);
        }

        /** One batch; {@code sources} (may be null or shorter) names each example's file. */
        void add(INDArray oneHot, INDArray probabilities, List<String> sources) {
            eval.eval(oneHot, probabilities);
            int n = (int) oneHot.size(0);
            int[] actual = oneHot.argMax(1).toIntVector();
            int[] predicted = probabilities.argMax(1).toIntVector();
            for (int i = 0; i < n; i++) {
                double p = probabilities.getDouble(i, actual[i]);
                double loss = -Math.log(Math.max(p, 1e-12));
                String src = sources != null && i < sources.size() ? sources.get(i) : null;
                worst.add(new TopLoss(count + i, src, labels.get(actual[i]), labels.get(predicted[i]), p, loss));
                if (worst.size() > keep) {
                    worst.poll();
                }
            }
            count += n;
        }

        EvaluationReport build() {
            List<TopLoss> top = new ArrayList<>(worst);
            top.sort(Comparator.comparingDouble(TopLoss::loss).reversed());
            return new EvaluationReport(labels, eval, k, count, top);
        }
    }

    /** Metrics for whole arrays at once: one-hot labels {@code [n, classes]} and probabilities {@code [n, classes]}. */
    public static EvaluationReport of(List<String> labels, INDArray oneHot, INDArray probabilities, int k) {
        Builder b = new Builder(labels, k, 10);
        b.add(oneHot, probabilities, null);
        return b.build();
    }

    public List<String> labels() {
        return labels;
    }

    /** Number of examples evaluated. */
    public int count() {
        return count;
    }

    public double accuracy() {
        return eval.accuracy();
    }

    /** The k of {@link #topKAccuracy()} (the requested k, at most the number of classes). */
    public int k() {
        return k;
    }

    /** Fraction of examples whose true class is among the k most probable. */
    public double topKAccuracy() {
        return k == 1 ? accuracy() : eval.topNAccuracy();
    }

    /** How many examples of class {@code actual} were predicted as {@code predicted}. */
    public int confusion(int actual, int predicted) {
        return eval.getConfusionMatrix().getCount(actual, predicted);
    }

    /** The confusion matrix, rows = actual class, columns = predicted class. */
    public int[][] confusion() {
        int n = labels.size();
        int[][] m = new int[n][n];
        for (int a = 0; a < n; a++) {
            for (int p = 0; p < n; p++) {
                m[a][p] = confusion(a, p);
            }
        }
        return m;
    }

    /** Of the examples predicted as the class, the fraction that are; 0 when none were predicted. */
    public double precision(int c) {
        return eval.precision(c, 0.0);
    }

    /** Of the examples of the class, the fraction found; 0 when the class has no examples. */
    public double recall(int c) {
        return eval.recall(c, 0.0);
    }

    /** Harmonic mean of precision and recall; 0 when both are 0. */
    public double f1(int c) {
        double p = precision(c);
        double r = recall(c);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    public double precision(String label) {
        return precision(index(label));
    }

    public double recall(String label) {
        return recall(index(label));
    }

    public double f1(String label) {
        return f1(index(label));
    }

    /** Examples of the class in the data. */
    public int support(int c) {
        return eval.getConfusionMatrix().getActualTotal(c);
    }

    /** Unweighted mean F1 over classes. */
    public double macroF1() {
        double s = 0;
        for (int c = 0; c < labels.size(); c++) {
            s += f1(c);
        }
        return s / labels.size();
    }

    /** The worst examples, highest loss first. */
    public List<TopLoss> topLosses() {
        return Collections.unmodifiableList(topLosses);
    }

    /** DL4J's evaluation object, for anything not exposed here. */
    public Evaluation evaluation() {
        return eval;
    }

    private int index(String label) {
        int i = labels.indexOf(label);
        if (i < 0) {
            throw new IllegalArgumentException("no class '" + label + "'; classes: " + labels);
        }
        return i;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "examples: %d   accuracy: %.4f   top-%d accuracy: %.4f   macro F1: %.4f%n",
                count, accuracy(), k, topKAccuracy(), macroF1()));
        int w = Math.max(8, labels.stream().mapToInt(String::length).max().orElse(0) + 2);
        sb.append(String.format(Locale.ROOT, "%-" + w + "s %9s %9s %9s %8s%n", "class", "precision", "recall", "f1", "support"));
        for (int c = 0; c < labels.size(); c++) {
            sb.append(String.format(Locale.ROOT, "%-" + w + "s %9.4f %9.4f %9.4f %8d%n", labels.get(c), precision(c), recall(c), f1(c), support(c)));
        }
        sb.append("confusion matrix (rows: actual, columns: predicted)\n");
        sb.append(String.format(Locale.ROOT, "%-" + w + "s", ""));
        int cw = Math.max(6, w);
        for (String l : labels) {
            sb.append(String.format(Locale.ROOT, " %" + cw + "s", l));
        }
        sb.append('\n');
        int[][] m = confusion();
        for (int a = 0; a < m.length; a++) {
            sb.append(String.format(Locale.ROOT, "%-" + w + "s", labels.get(a)));
            for (int v : m[a]) {
                sb.append(String.format(Locale.ROOT, " %" + cw + "d", v));
            }
            sb.append('\n');
        }
        if (!topLosses.isEmpty()) {
            sb.append("top losses\n");
            topLosses.forEach(t -> sb.append("  ").append(t).append('\n'));
        }
        return sb.toString();
    }
}
