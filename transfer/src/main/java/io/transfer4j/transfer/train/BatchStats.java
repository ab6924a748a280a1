package io.transfer4j.transfer.train;

/**
 * One optimisation step, as {@link Callback#onBatchEnd} sees it.
 *
 * @param epoch         1-based epoch number
 * @param iteration     steps over the whole run (resumes included)
 * @param loss          the batch's mean loss
 * @param examples      examples in the batch
 * @param epochLoss     running mean loss over the epoch so far
 * @param epochAccuracy running training accuracy over the epoch so far (NaN when unknown)
 */
public record BatchStats(int epoch, int iteration, double loss, int examples, double epochLoss, double epochAccuracy) {
}
