package io.transfer4j.transfer.train;

import java.util.Arrays;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * Per-class weights in the cross-entropy loss, for imbalanced data: {@code loss = -Σ w_c · y_c · log p_c}. Given
 * ({@link #of}) or {@link #balanced()}: {@code w_c = n / (K · n_c)} from the training labels (scikit-learn's
 * "balanced"), computed by the {@link Trainer} before the first epoch.
 *
 * <pre>{@code
 * TrainingConfig.builder(10).classWeights(ClassWeights.balanced())
 * TrainingConfig.builder(10).classWeights(ClassWeights.of(1, 10))
 * TrainingConfig.builder(10).classWeights(ClassWeights.read(Path.of("weights.txt"), data.classNames()))
 * }</pre>
 */
public final class ClassWeights {
    private final double[] weights;

    private ClassWeights(double[] weights) {
        this.weights = weights;
    }

    /** These weights, one per class in output order. */
    public static ClassWeights of(double... weights) {
        if (weights.length == 0 || Arrays.stream(weights).anyMatch(w -> !(w > 0) || Double.isInfinite(w))) {
            throw new IllegalArgumentException("class weights must be positive numbers, one per class, got " + Arrays.toString(weights));
        }
        return new ClassWeights(weights.clone());
    }

    /**
     * Weights from a text file of {@code label weight} lines (a space, tab, comma or {@code =} between; {@code #} starts a
     * comment), every class of {@code classNames} exactly once, in any order.
     *
     * <pre>{@code ClassWeights.read(Path.of("weights.txt"), data.classNames())   // cobblestone 1 / unpaved 4.5}</pre>
     *
     * @throws IllegalArgumentException naming the file and line for an unknown or repeated label, a weight that is not a
     *                                  positive number, or a class the file leaves out
     */
    public static ClassWeights read(java.nio.file.Path file, java.util.List<String> classNames) {
        java.util.List<String> lines;
        try {
            lines = java.nio.file.Files.readAllLines(file, java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("cannot read the class weights file " + file + ": " + e.getMessage(), e);
        }
        double[] w = new double[classNames.size()];
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).replaceFirst("#.*", "").strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] parts = line.split("\\s*[\\s,=]\\s*");
            int c = parts.length == 2 ? classNames.indexOf(parts[0]) : -1;
            double v = parts.length == 2 ? parse(parts[1]) : Double.NaN;
            String where = file + " line " + (i + 1) + ": ";
            if (parts.length != 2 || !(v > 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException(where + "expected 'label weight' with a positive weight, got '" + lines.get(i) + "'");
            }
            if (c < 0 || w[c] != 0) {
                throw new IllegalArgumentException(where + (c < 0 ? "'" + parts[0] + "' is not one of the classes " + classNames
                        : "'" + parts[0] + "' is given twice"));
            }
            w[c] = v;
        }
        for (int c = 0; c < w.length; c++) {
            if (w[c] == 0) {
                throw new IllegalArgumentException(file + " gives no weight for class '" + classNames.get(c) + "'; list every class of "
                        + classNames + " once");
            }
        }
        return new ClassWeights(w);
    }

    private static double parse(String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** Weights inverse to each class's share of the training data. */
    public static ClassWeights balanced() {
        return new ClassWeights(null);
    }

    /** Whether the weights come from the training labels. */
    public boolean isBalanced() {
        return weights == null;
    }

    /** The given weights (null when balanced). */
    public double[] weights() {
        return weights == null ? null : weights.clone();
    }

    /** Balanced weights for these per-class example counts; an error naming an empty class. */
    public static double[] balanced(long[] counts) {
        long n = Arrays.stream(counts).sum();
        double[] w = new double[counts.length];
        for (int c = 0; c < counts.length; c++) {
            if (counts[c] == 0) {
                throw new IllegalArgumentException("class " + c + " has no training examples, so it cannot be weighted; "
                        + "give explicit weights (ClassWeights.of) or add images of it");
            }
            w[c] = (double) n / (counts.length * counts[c]);
        }
        return w;
    }

    /** Adds one batch's one-hot labels to per-class counts. */
    static void count(DataSet batch, long[] counts) {
        double[] sums = batch.getLabels().sum(0).toDoubleVector();
        for (int c = 0; c < counts.length && c < sums.length; c++) {
            counts[c] += Math.round(sums[c]);
        }
    }

    /** Puts {@code w} into the softmax cross-entropy loss of {@code graph}'s output layer. */
    static void applyTo(ComputationGraph graph, double[] w) {
        String out = graph.getConfiguration().getNetworkOutputs().get(0);
        if (!(graph.getLayer(out).conf().getLayer() instanceof BaseOutputLayer ol) || !(ol.getLossFn() instanceof LossMCXENT)) {
            throw new IllegalArgumentException("class weights need a softmax cross-entropy output layer; '" + out + "' is not one");
        }
        long k = graph.getLayer(out).getParam("b").length();
        if (w.length != k) {
            throw new IllegalArgumentException(w.length + " class weights for " + k + " classes (output '" + out + "'); give one per class");
        }
        ol.setLossFn(new LossMCXENT(Nd4j.create(w).castTo(graph.params().dataType())));
    }
}
