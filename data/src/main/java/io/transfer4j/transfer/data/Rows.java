package io.transfer4j.transfer.data;

import java.io.Closeable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Labelled examples addressable by row — arrays in memory, or cached trunk features in memory or on disk — so
 * that {@link RowBatches} draws the same shuffled batches from any of them: that is what makes the Trainer's
 * cached and uncached runs identical.
 *
 * <pre>{@code
 * Rows rows = Rows.of(dataSet);
 * DataSet firstTwo = rows.batch(new int[] {0, 1});
 * }</pre>
 */
public interface Rows extends Closeable {
    int size();

    /** Features and labels of the given rows, in that order. */
    DataSet batch(int[] rows);

    @Override
    default void close() {
    }

    /** Rows of an in-memory DataSet (any feature rank). */
    static Rows of(DataSet data) {
        return new InMemory(data.getFeatures(), data.getLabels());
    }

    /** Rows of arrays in memory. */
    static Rows of(INDArray features, INDArray labels) {
        return new InMemory(features, labels);
    }

    /** Arrays in memory, flattened once so that a batch is one {@code pullRows} per array. */
    final class InMemory implements Rows {
        private final INDArray flat;
        private final long[] exampleShape;
        private final INDArray labels;

        InMemory(INDArray features, INDArray labels) {
            if (features.size(0) != labels.size(0)) {
                throw new IllegalArgumentException(features.size(0) + " examples but " + labels.size(0) + " labels");
            }
            long n = features.size(0);
            this.exampleShape = java.util.Arrays.copyOfRange(features.shape(), 1, features.rank());
            INDArray f = features.reshape('c', n, features.length() / Math.max(1, n));
            // a c-ordered array is reshaped in place (60,000 Fashion-MNIST images are not copied); others are copied
            this.flat = features.ordering() == 'c' && !features.isView() ? f : f.dup('c');
            this.labels = labels.dup('c');
        }

        @Override
        public int size() {
            return (int) flat.size(0);
        }

        @Override
        public DataSet batch(int[] rows) {
            INDArray x = Nd4j.pullRows(flat, 1, rows);
            long[] shape = new long[exampleShape.length + 1];
            shape[0] = rows.length;
            System.arraycopy(exampleShape, 0, shape, 1, exampleShape.length);
            return new DataSet(x.reshape('c', shape), Nd4j.pullRows(labels, 1, rows));
        }
    }
}
