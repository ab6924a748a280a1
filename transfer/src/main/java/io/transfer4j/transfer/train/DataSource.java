package io.transfer4j.transfer.train;

import io.transfer4j.transfer.data.RowBatches;
import io.transfer4j.transfer.data.Rows;
import java.util.List;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;

/**
 * One subset of labelled examples as the training loop, the LR finder and evaluation read it: an in-memory
 * {@link DataSet} (batched and shuffled by the trainer, so its runs repeat exactly) or a resettable
 * {@link DataSetIterator} (image folders with augmentation, Fashion-MNIST, any DL4J iterator; a
 * single-input, single-output {@link MultiDataSetIterator} is read as one).
 *
 * <pre>{@code
 * DataSource train = DataSource.of(imageFolderData.train());
 * DataSource val = DataSource.of(dataSet);
 * }</pre>
 */
public final class DataSource {
    private final DataSet data;
    private final DataSetIterator iterator;

    private DataSource(DataSet data, DataSetIterator iterator) {
        this.data = data;
        this.iterator = iterator;
    }

    /** Examples in memory; the trainer batches and shuffles them. */
    public static DataSource of(DataSet data) {
        if (data == null || data.getFeatures() == null || data.numExamples() == 0) {
            throw new IllegalArgumentException("the DataSet is empty");
        }
        if (data.getLabels() == null || data.getLabels().size(0) != data.getFeatures().size(0)) {
            throw new IllegalArgumentException("the DataSet has " + data.getFeatures().size(0) + " examples but "
                    + (data.getLabels() == null ? "no" : String.valueOf(data.getLabels().size(0))) + " labels");
        }
        return new DataSource(data, null);
    }

    /** The batches an iterator yields, reset before each pass. */
    public static DataSource of(DataSetIterator iterator) {
        if (iterator == null) {
            throw new IllegalArgumentException("the data iterator is null");
        }
        return new DataSource(null, iterator);
    }

    /** A MultiDataSetIterator with one input and one output, read as DataSets. */
    public static DataSource of(MultiDataSetIterator iterator) {
        if (iterator == null) {
            throw new IllegalArgumentException("the data iterator is null");
        }
        return new DataSource(null, new SingleInput(iterator));
    }

    /** Whether the examples are an in-memory DataSet. */
    public boolean inMemory() {
        return data != null;
    }

    /** The in-memory examples, or null for an iterator. */
    public DataSet dataSet() {
        return data;
    }

    /** The iterator, or null for in-memory examples. */
    public DataSetIterator iterator() {
        return iterator;
    }

    /** Batches for one pass in a fixed order: the iterator itself, or the DataSet in batches of {@code batchSize}. */
    public DataSetIterator batches(int batchSize) {
        return data != null ? new RowBatches(Rows.of(data), labelNames(data), batchSize, false, 0) : iterator;
    }

    private static List<String> labelNames(DataSet d) {
        return d.getLabelNamesList() == null ? List.of() : d.getLabelNamesList();
    }

    /** A one-input, one-output MultiDataSetIterator seen as a DataSetIterator. */
    private static final class SingleInput implements DataSetIterator {
        private final MultiDataSetIterator it;
        private DataSetPreProcessor pre;

        SingleInput(MultiDataSetIterator it) {
            this.it = it;
        }

        @Override
        public DataSet next(int num) {
            return next();
        }

        @Override
        public DataSet next() {
            MultiDataSet m = it.next();
            if (m.numFeatureArrays() != 1 || m.numLabelsArrays() != 1) {
                throw new IllegalArgumentException("a MultiDataSetIterator with " + m.numFeatureArrays() + " inputs and "
                        + m.numLabelsArrays() + " outputs cannot train a one-input, one-output model; give it one of each");
            }
            DataSet d = new DataSet(m.getFeatures(0), m.getLabels(0));
            if (pre != null) {
                pre.preProcess(d);
            }
            return d;
        }

        @Override
        public boolean hasNext() {
            return it.hasNext();
        }

        @Override
        public int inputColumns() {
            return -1;
        }

        @Override
        public int totalOutcomes() {
            return -1;
        }

        @Override
        public boolean resetSupported() {
            return it.resetSupported();
        }

        @Override
        public boolean asyncSupported() {
            return it.asyncSupported();
        }

        @Override
        public void reset() {
            it.reset();
        }

        @Override
        public int batch() {
            return -1;
        }

        @Override
        public void setPreProcessor(DataSetPreProcessor preProcessor) {
            this.pre = preProcessor;
        }

        @Override
        public DataSetPreProcessor getPreProcessor() {
            return pre;
        }

        @Override
        public List<String> getLabels() {
            return null;
        }
    }
}
