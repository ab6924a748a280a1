package io.transfer4j.transfer;

import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * One optimizer step on a batch computed as several smaller micro-batches whose gradients are summed: the
 * same update as {@code graph.fit(x, y)} on the whole batch (DL4J sums per-example gradients and the updater
 * divides by the batch size), except that BatchNorm batch statistics and dropout masks are per micro-batch.
 * Peak memory falls with the micro-batch because activations and convolution im2col buffers scale with it:
 * VGG16 at batch 16 trains within 6 GB as 4 micro-batches of 4, where {@code fit} needs over 8 GB.
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
     * steps the parameters; returns the mean score of the micro-batches.
     *
     * @param microBatches how many equal parts to split the batch into; must divide the batch size
     */
    public static double fit(ComputationGraph graph, INDArray features, INDArray labels, int microBatches) {
        long batch = features.size(0);
        if (microBatches < 1 || batch % microBatches != 0 || labels.size(0) != batch) {
            throw new IllegalArgumentException("cannot split a batch of " + batch + " (labels: " + labels.size(0)
                    + ") into " + microBatches + " equal micro-batches; use a divisor of the batch size");
        }
        long m = batch / microBatches;
        INDArray sum = null;
        double score = 0;
        for (int i = 0; i < microBatches; i++) {
            graph.setInputs(rows(features, i * m, m));
            graph.setLabels(rows(labels, i * m, m));
            graph.computeGradientAndScore();
            score += graph.score() / microBatches;
            INDArray g = graph.getFlattenedGradients();
            if (sum == null) {
                sum = g.dup();   // the next backward pass overwrites the gradient view
            } else {
                sum.addi(g);
            }
        }
        graph.getFlattenedGradients().assign(sum);
        Gradient gradient = graph.gradient();
        int iteration = graph.getIterationCount();
        // The updater turns the summed gradient into the update in place (dividing by the whole batch size).
        graph.getUpdater().update(gradient, iteration, graph.getEpochCount(), (int) batch, LayerWorkspaceMgr.noWorkspaces());
        INDArray params = graph.params();
        params.subi(graph.getFlattenedGradients().reshape(params.shape()));   // [n] vs [1, n] views of the same layout
        graph.getConfiguration().setIterationCount(iteration + 1);
        graph.clearLayersStates();
        return score;
    }

    private static INDArray rows(INDArray a, long from, long count) {
        return a.get(NDArrayIndex.interval(from, from + count)).dup();
    }
}
