package io.transfer4j.transfer.data;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The one mini-batch iterator over examples held by row ({@link Rows}): Fashion-MNIST in memory, a DataSet
 * given to the Trainer, cached trunk features. With shuffling, epoch {@code e} visits the rows in a permutation
 * drawn from {@code (seed, e)} only, so runs repeat exactly, a resumed run sees the batches the interrupted one
 * would have, and the cached and uncached paths see the same batches; {@link #reset()} moves to the next epoch.
 *
 * <pre>{@code
 * DataSetIterator it = new RowBatches(Rows.of(features, oneHot), classNames, 32, true, 42);
 * DataSetIterator third = new RowBatches(rows, List.of(), 32, true, 42).atEpoch(2);   // epoch 3's order
 * }</pre>
 */
public final class RowBatches extends LabeledBatchIterator {
    private final Rows rows;
    private final boolean shuffle;
    private final long seed;
    private int[][] byClass;      // balanced sampling: the rows of each class, or null
    private int[] order;
    private int cursor;

    /** Batches of {@code batchSize} rows (the last one shorter), in row order or shuffled per epoch. */
    public RowBatches(Rows rows, List<String> classNames, int batchSize, boolean shuffle, long seed) {
        super(classNames, batchSize);
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
        }
        this.rows = rows;
        this.shuffle = shuffle;
        this.seed = seed;
        startEpoch();
    }

    /**
     * Balanced sampling for imbalanced classes (PyTorch's {@code WeightedRandomSampler} with weights 1 / class count):
     * each epoch draws as many rows as there are, with replacement, each draw a class uniformly at random and then one
     * of its rows, from {@code (seed, epoch)} only. {@code rowClasses[i]} is row i's class; classes without rows are
     * never drawn.
     */
    public RowBatches balanced(int[] rowClasses) {
        if (rowClasses.length != rows.size()) {
            throw new IllegalArgumentException(rowClasses.length + " row classes for " + rows.size() + " rows");
        }
        int k = java.util.Arrays.stream(rowClasses).max().orElse(-1) + 1;
        int[] counts = new int[k];
        for (int c : rowClasses) {
            counts[c]++;
        }
        java.util.List<int[]> present = new java.util.ArrayList<>();
        for (int c = 0; c < k; c++) {
            int[] members = new int[counts[c]];
            int m = 0;
            for (int i = 0; i < rowClasses.length; i++) {
                if (rowClasses[i] == c) {
                    members[m++] = i;
                }
            }
            if (m > 0) {
                present.add(members);
            }
        }
        this.byClass = present.toArray(int[][]::new);
        startEpoch();
        return this;
    }

    /** Jumps to epoch {@code e} (0-based) and starts it. */
    public RowBatches atEpoch(int e) {
        this.epoch = e;
        startEpoch();
        return this;
    }

    /** Examples per epoch. */
    public int examples() {
        return rows.size();
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
        int[] idx = java.util.Arrays.copyOfRange(order, cursor, cursor + n);
        cursor += n;
        return finish(rows.batch(idx));
    }

    @Override
    void startEpoch() {
        cursor = 0;
        int n = rows.size();
        order = new int[n];
        if (byClass != null && byClass.length > 0) {
            Random random = new Random(seed * 31 + epoch);
            for (int i = 0; i < n; i++) {
                int[] members = byClass[random.nextInt(byClass.length)];
                order[i] = members[random.nextInt(members.length)];
            }
            return;
        }
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
        return rows.size() == 0 ? 0 : (int) rows.batch(new int[] {0}).getFeatures().length();
    }

    @Override
    public boolean asyncSupported() {
        return false; // batches are cheap copies from memory; a prefetch thread would only add overhead
    }
}
