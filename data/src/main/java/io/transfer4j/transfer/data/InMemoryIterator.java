package io.transfer4j.transfer.data;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Mini-batches over arrays held in memory ({@link LabeledImages#iterator}). With shuffling, every epoch
 * ({@link #reset()}) draws a new order from (seed, epoch), so runs are repeatable and epochs differ; batches are
 * gathered with {@code Nd4j.pullRows}, so no per-example objects are created even for 60,000 images.
 */
final class InMemoryIterator extends LabeledBatchIterator {

    private final INDArray flatFeatures;
    private final long[] featureShape;
    private final INDArray labels;
    private final boolean shuffle;
    private final long seed;
    private int[] order;
    private int cursor;

    InMemoryIterator(INDArray features, INDArray oneHot, List<String> classNames, int batchSize, boolean shuffle, long seed) {
        super(classNames, batchSize);
        this.featureShape = features.shape();
        this.flatFeatures = features.reshape('c', featureShape[0], features.length() / featureShape[0]);
        this.labels = oneHot;
        this.shuffle = shuffle;
        this.seed = seed;
        startEpoch();
    }

    @Override
    public boolean hasNext() {
        return cursor < order.length;
    }

    @Override
    public DataSet next(int num) {
        if (!hasNext()) {
            throw new NoSuchElementException("epoch finished; call reset()");
        }
        int n = Math.min(num, order.length - cursor);
        int[] rows = java.util.Arrays.copyOfRange(order, cursor, cursor + n);
        cursor += n;
        long[] shape = featureShape.clone();
        shape[0] = n;
        INDArray x = Nd4j.pullRows(flatFeatures, 1, rows).reshape('c', shape);
        INDArray y = Nd4j.pullRows(labels, 1, rows);
        return finish(new DataSet(x, y));
    }

    @Override
    void startEpoch() {
        cursor = 0;
        int n = (int) featureShape[0];
        order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (shuffle) {
            Random random = new Random(seed * 31 + epoch);
            for (int i = n - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
    }

    @Override
    public int inputColumns() {
        return (int) flatFeatures.size(1);
    }

    @Override
    public boolean asyncSupported() {
        return false; // batches are cheap copies from memory; a prefetch thread would only add overhead
    }
}
