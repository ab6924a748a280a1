package io.transfer4j.transfer;

import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * One optimizer step on a batch computed as several smaller micro-batches whose gradients are summed: the
 * same update as {@code graph.fit(x, y)} on the whole batch (DL4J sums per-example gradients and the updater
 * divides by the batch size), except that BatchNorm batch statistics and dropout masks are per micro-batch.
 * Peak memory falls with the micro-batch because activations and convolution im2col buffers scale with it:
 * VGG16 at batch 16 trains within 6 GB as 4 micro-batches of 4, where {@code fit} needs over 8 GB.
 *
 * <p>A batch of {@code b} examples is split into {@code min(microBatches, b)} consecutive parts whose sizes
 * differ by at most one (10 in 4 parts: 3, 3, 2, 2); since gradients are summed per example, uneven parts
 * give the same step. The graph's training listeners see one forward and backward pass per micro-batch and
 * one {@code iterationDone} per step, as with {@code fit}. The Trainer uses this through
 * {@code TrainingConfig.Builder.microBatches(n)}.
 *
 * <pre>{@code
 * GradientAccumulation.fit(graph, images, labels, 4);   // batch 16 as 4 x 4
 * }</pre>
 */
public final class GradientAccumulation {
    private GradientAccumulation() {
    }

    /**
     * Computes gradients micro-batch by micro-batch, applies the graph's updater once for the whole batch and
     * steps the parameters; returns the mean score over the batch (also left in {@code graph.score()}).
     *
     * @param microBatches how many parts to split the batch into, at least 1 (a batch smaller than that is
     *     split into single examples)
     */
    public static double fit(ComputationGraph graph, INDArray features, INDArray labels, int microBatches) {
        return fit(graph, new DataSet(features, labels), microBatches);
    }

    /** As {@link #fit(ComputationGraph, INDArray, INDArray, int)}, for a DataSet (its masks are split too). */
    public static double fit(ComputationGraph graph, DataSet batch, int microBatches) {
        INDArray features = batch.getFeatures();
        INDArray labels = batch.getLabels();
        long size = features.size(0);
        if (microBatches < 1) {
            throw new IllegalArgumentException("microBatches must be at least 1, got " + microBatches);
        }
        if (labels == null || labels.size(0) != size) {
            throw new IllegalArgumentException("cannot split a batch of " + size + " examples with "
                    + (labels == null ? "no" : String.valueOf(labels.size(0))) + " labels into micro-batches");
        }
        int parts = (int) Math.min(microBatches, size);
        INDArray sum = null;
        double score = 0;
        long from = 0;
        try {
            for (int i = 0; i < parts; i++) {
                long count = size / parts + (i < size % parts ? 1 : 0);
                graph.setInputs(rows(features, from, count));
                graph.setLabels(rows(labels, from, count));
                INDArray fm = rows(batch.getFeaturesMaskArray(), from, count);
                INDArray lm = rows(batch.getLabelsMaskArray(), from, count);
                if (fm != null || lm != null) {
                    graph.setLayerMaskArrays(fm == null ? null : new INDArray[] {fm}, lm == null ? null : new INDArray[] {lm});
                }
                graph.computeGradientAndScore();
                // a part's score is its mean loss (+ regularisation); weighting by its size gives the batch mean
                score += graph.score() * count / size;
                INDArray g = graph.getFlattenedGradients();
                if (sum == null) {
                    sum = g.dup();   // the next backward pass overwrites the gradient view
                } else {
                    sum.addi(g);
                }
                from += count;
            }
        } finally {
            graph.clearLayerMaskArrays();
        }
        graph.getFlattenedGradients().assign(sum);
        Gradient gradient = graph.gradient();
        int iteration = graph.getIterationCount();
        int epoch = graph.getEpochCount();
        graph.setScore(score);
        forEachListener(graph, l -> l.onGradientCalculation(graph));
        // The updater turns the summed gradient into the update in place (dividing by the whole batch size).
        graph.getUpdater().update(gradient, iteration, epoch, (int) size, LayerWorkspaceMgr.noWorkspaces());
        INDArray params = graph.params();
        params.subi(graph.getFlattenedGradients().reshape(params.shape()));   // [n] vs [1, n] views of the same layout
        forEachListener(graph, l -> l.iterationDone(graph, iteration, epoch));
        graph.getConfiguration().setIterationCount(iteration + 1);
        graph.applyConstraints(iteration, epoch);
        graph.clearLayersStates();
        return score;
    }

    private static void forEachListener(ComputationGraph graph, java.util.function.Consumer<TrainingListener> call) {
        if (graph.getListeners() == null || graph.getListeners().isEmpty()) {
            return;
        }
        // as DL4J's optimizer does: listeners may keep what they are given, so outside any workspace
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            for (TrainingListener l : graph.getListeners()) {
                call.accept(l);
            }
        }
    }

    private static INDArray rows(INDArray a, long from, long count) {
        if (a == null) {
            return null;
        }
        if (from == 0 && count == a.size(0)) {
            return a;
        }
        return a.get(NDArrayIndex.interval(from, from + count)).dup();
    }
}
