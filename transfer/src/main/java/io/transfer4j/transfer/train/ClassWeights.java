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
