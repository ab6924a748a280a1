package io.transfer4j.transfer.train;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Random;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/** The mini-batches of one epoch: drawn by the trainer from {@link Rows}, or whatever an iterator yields. */
interface Batches {
    Iterator<DataSet> epoch(int epoch);

    /** Examples per epoch, or -1 if unknown. */
    long examples();

    /**
     * Batches of {@code rows}, in a permutation that depends only on {@code seed} and the epoch number (so
     * the cached and uncached paths, and a resumed run, see the same batches).
     */
    static Batches shuffled(Rows rows, int batchSize, boolean shuffle, long seed) {
        return new Batches() {
            @Override
            public Iterator<DataSet> epoch(int epoch) {
                int n = rows.size();
                int[] order = new int[n];
                for (int i = 0; i < n; i++) {
                    order[i] = i;
                }
                if (shuffle) {
                    Random r = new Random(seed * 31 + epoch);
                    for (int i = n - 1; i > 0; i--) {
                        int j = r.nextInt(i + 1);
                        int t = order[i];
                        order[i] = order[j];
                        order[j] = t;
                    }
                }
                return new Iterator<>() {
                    int from;

                    @Override
                    public boolean hasNext() {
                        return from < n;
                    }

                    @Override
                    public DataSet next() {
                        if (!hasNext()) {
                            throw new NoSuchElementException();
                        }
                        int to = Math.min(n, from + batchSize);
                        int[] idx = java.util.Arrays.copyOfRange(order, from, to);
                        from = to;
                        return rows.batch(idx);
                    }
                };
            }

            @Override
            public long examples() {
                return rows.size();
            }
        };
    }

    /** The batches of {@code it}, reset at the start of every epoch. */
    static Batches of(DataSetIterator it) {
        return new Batches() {
            @Override
            public Iterator<DataSet> epoch(int epoch) {
                if (it.resetSupported()) {
                    it.reset();
                } else if (epoch > 0) {
                    throw new IllegalArgumentException("the DataSetIterator " + it.getClass().getSimpleName()
                            + " cannot be reset, so it cannot be used for more than one epoch; pass a DataSet instead");
                }
                return it;
            }

            @Override
            public long examples() {
                return -1;
            }
        };
    }
}
