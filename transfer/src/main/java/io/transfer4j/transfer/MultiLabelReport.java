package io.transfer4j.transfer;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Metrics of a multi-label model ({@code Head.multiLabel()}): per label precision, recall and F1 at the label's
 * threshold and average precision (the area under the precision-recall curve, threshold-free); over labels mAP,
 * micro and macro F1, the share of images whose label set is exactly right, and per-label accuracy. Definitions are
 * scikit-learn's ({@code average_precision_score}, {@code f1_score(average="micro"|"macro")}), so figures compare.
 *
 * <pre>{@code
 * MultiLabelReport r = Evaluator.of(model).evaluateMultiLabel(data.test());
 * System.out.println(r.meanAveragePrecision() + " mAP, " + r.microF1() + " micro-F1");
 * model.thresholds(Evaluator.of(model).evaluateMultiLabel(data.validation()).bestThresholds());
 * }</pre>
 */
public final class MultiLabelReport {
    private final List<String> labels;
    private final double[][] targets;   // [label][image] 0/1
    private final double[][] scores;    // [label][image] sigmoid outputs
    private final double[] thresholds;

    /**
     * Metrics for multi-hot {@code targets} and sigmoid {@code scores}, both {@code [n, labels]}, each label decided at
     * its threshold (score {@code >=} threshold is a yes).
     */
    public static MultiLabelReport of(List<String> labels, INDArray targets, INDArray scores, double[] thresholds) {
        if (targets.rank() != 2 || !Arrays.equals(targets.shape(), scores.shape()) || targets.size(1) != labels.size()) {
            throw new IllegalArgumentException("targets " + Arrays.toString(targets.shape()) + " and scores " + Arrays.toString(scores.shape())
                    + " must both be [images, " + labels.size() + " labels]");
        }
        if (thresholds.length != labels.size()) {
            throw new IllegalArgumentException(thresholds.length + " thresholds for " + labels.size() + " labels " + labels);
        }
        return new MultiLabelReport(List.copyOf(labels), columns(targets), columns(scores), thresholds.clone());
    }

    private MultiLabelReport(List<String> labels, double[][] targets, double[][] scores, double[] thresholds) {
        this.labels = labels;
        this.targets = targets;
        this.scores = scores;
        this.thresholds = thresholds;
    }

    public List<String> labels() {
        return labels;
    }

    /** Number of images. */
    public int count() {
        return targets.length == 0 ? 0 : targets[0].length;
    }

    /** The threshold each label was decided at. */
    public double[] thresholds() {
        return thresholds.clone();
    }

    /** Images that have label {@code c}. */
    public int support(int c) {
        return (int) Arrays.stream(targets[c]).sum();
    }

    /** Of the images given label {@code c}, the fraction that have it; 0 when none was given it. */
    public double precision(int c) {
        long[] k = counts(c);
        return k[0] + k[1] == 0 ? 0 : (double) k[0] / (k[0] + k[1]);
    }

    /** Of the images that have label {@code c}, the fraction given it; 0 when none has it. */
    public double recall(int c) {
        long[] k = counts(c);
        return k[0] + k[2] == 0 ? 0 : (double) k[0] / (k[0] + k[2]);
    }

    public double f1(int c) {
        long[] k = counts(c);
        return 2 * k[0] + k[1] + k[2] == 0 ? 0 : 2.0 * k[0] / (2 * k[0] + k[1] + k[2]);
    }

    /**
     * Average precision of label {@code c}: {@code Σ (R_i - R_{i-1}) P_i} over the score cut-offs from the highest down
     * (tied scores cut together), as scikit-learn computes it; NaN when no image has the label.
     */
    public double averagePrecision(int c) {
        int n = count();
        Integer[] order = new Integer[n];
        Arrays.setAll(order, i -> i);
        double[] s = scores[c];
        Arrays.sort(order, (a, b) -> Double.compare(s[b], s[a]));
        double positives = support(c);
        if (positives == 0) {
            return Double.NaN;
        }
        double ap = 0;
        double previousRecall = 0;
        long tp = 0;
        for (int i = 0; i < n; i++) {
            tp += targets[c][order[i]] > 0.5 ? 1 : 0;
            if (i + 1 < n && s[order[i + 1]] == s[order[i]]) {
                continue;   // a tie: one cut-off for all of them
            }
            double recall = tp / positives;
            ap += (recall - previousRecall) * tp / (i + 1);
            previousRecall = recall;
        }
        return ap;
    }

    /** Mean of {@link #averagePrecision} over the labels that occur in the data. */
    public double meanAveragePrecision() {
        return Arrays.stream(range()).mapToDouble(this::averagePrecision).filter(d -> !Double.isNaN(d)).average().orElse(Double.NaN);
    }

    /** Unweighted mean F1 over labels. */
    public double macroF1() {
        return Arrays.stream(range()).mapToDouble(this::f1).average().orElse(0);
    }

    /** F1 of all (image, label) decisions pooled. */
    public double microF1() {
        long tp = 0;
        long fp = 0;
        long fn = 0;
        for (int c = 0; c < labels.size(); c++) {
            long[] k = counts(c);
            tp += k[0];
            fp += k[1];
            fn += k[2];
        }
        return 2 * tp + fp + fn == 0 ? 0 : 2.0 * tp / (2 * tp + fp + fn);
    }

    /** Fraction of images whose predicted label set equals their true one (scikit-learn's subset accuracy). */
    public double exactMatch() {
        int n = count();
        int right = 0;
        for (int i = 0; i < n; i++) {
            boolean all = true;
            for (int c = 0; c < labels.size() && all; c++) {
                all = decide(c, i) == (targets[c][i] > 0.5);
            }
            right += all ? 1 : 0;
        }
        return n == 0 ? 0 : (double) right / n;
    }

    /** Fraction of (image, label) decisions that are right (fastai's {@code accuracy_multi}; 1 - Hamming loss). */
    public double labelAccuracy() {
        long right = 0;
        for (int c = 0; c < labels.size(); c++) {
            for (int i = 0; i < count(); i++) {
                right += decide(c, i) == (targets[c][i] > 0.5) ? 1 : 0;
            }
        }
        return count() == 0 ? 0 : (double) right / ((long) count() * labels.size());
    }

    /**
     * Per label, the threshold that maximises its F1 on these images (a midpoint between two neighbouring scores, so
     * it generalises no worse on either side; 0.5 for a label no image has): tune on validation data, then
     * {@link TransferModel#thresholds(double...)}.
     */
    public double[] bestThresholds() {
        double[] best = new double[labels.size()];
        for (int c = 0; c < labels.size(); c++) {
            // kept inside (0, 1): a saturated sigmoid can score exactly 0 or 1 in float
            best[c] = support(c) == 0 ? 0.5 : Math.min(1 - 1e-6, Math.max(1e-6, bestThreshold(c)));
        }
        return best;
    }

    private double bestThreshold(int c) {
        double[] sorted = Arrays.stream(scores[c]).distinct().sorted().toArray();
        double positives = support(c);
        double bestF1 = -1;
        double bestCut = 0.5;
        for (int j = 0; j < sorted.length; j++) {
            double cut = j == 0 ? sorted[0] : (sorted[j - 1] + sorted[j]) / 2;   // yes for scores >= cut
            long tp = 0;
            long yes = 0;
            for (int i = 0; i < count(); i++) {
                if (scores[c][i] >= cut) {
                    yes++;
                    tp += targets[c][i] > 0.5 ? 1 : 0;
                }
            }
            double f1 = 2.0 * tp / (yes + positives);
            if (f1 > bestF1) {
                bestF1 = f1;
                bestCut = cut;
            }
        }
        return bestCut;
    }

    private boolean decide(int c, int i) {
        return scores[c][i] >= thresholds[c];
    }

    /** {true positives, false positives, false negatives} of label {@code c}. */
    private long[] counts(int c) {
        long[] k = new long[3];
        for (int i = 0; i < count(); i++) {
            boolean yes = decide(c, i);
            boolean has = targets[c][i] > 0.5;
            if (yes && has) {
                k[0]++;
            } else if (yes) {
                k[1]++;
            } else if (has) {
                k[2]++;
            }
        }
        return k;
    }

    private int[] range() {
        return java.util.stream.IntStream.range(0, labels.size()).toArray();
    }

    private static double[][] columns(INDArray a) {
        INDArray t = a.castTo(DataType.DOUBLE).transpose().dup('c');
        double[][] out = new double[(int) t.size(0)][];
        for (int c = 0; c < out.length; c++) {
            out[c] = t.getRow(c).toDoubleVector();
        }
        return out;
    }

    @Override
    public String toString() {
        int w = Math.max(5, labels.stream().mapToInt(String::length).max().orElse(5));
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "multi-label: %d images, %d labels: mAP %.4f, micro-F1 %.4f, macro-F1 %.4f, "
                + "exact match %.4f, label accuracy %.4f%n", count(), labels.size(), meanAveragePrecision(), microF1(), macroF1(),
                exactMatch(), labelAccuracy()));
        sb.append(String.format(Locale.ROOT, "%-" + w + "s %9s %9s %9s %9s %9s %8s%n", "label", "threshold", "precision", "recall",
                "f1", "AP", "support"));
        for (int c = 0; c < labels.size(); c++) {
            sb.append(String.format(Locale.ROOT, "%-" + w + "s %9.3f %9.4f %9.4f %9.4f %9.4f %8d%n", labels.get(c), thresholds[c],
                    precision(c), recall(c), f1(c), averagePrecision(c), support(c)));
        }
        return sb.toString();
    }
}
