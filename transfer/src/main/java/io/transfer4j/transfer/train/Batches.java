package io.transfer4j.transfer.train;

import io.transfer4j.transfer.data.RowBatches;
import io.transfer4j.transfer.data.Rows;
import java.util.Iterator;
import java.util.List;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/** The mini-batches of one epoch: drawn by {@link RowBatches} from {@link Rows}, or whatever an iterator yields. */
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
                return new RowBatches(rows, List.of(), batchSize, shuffle, seed).atEpoch(epoch);
            }

            @Override
            public long examples() {
                return rows.size();
            }
        };
    }

    /** Batches of {@code rows} drawn class-balanced ({@link RowBatches#balanced}); {@code rowClasses[i]} is row i's class. */
    static Batches balanced(Rows rows, int batchSize, long seed, int[] rowClasses) {
        return new Batches() {
            @Override
            public Iterator<DataSet> epoch(int epoch) {
                return new RowBatches(rows, List.of(), batchSize, true, seed).balanced(rowClasses).atEpoch(epoch);
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
