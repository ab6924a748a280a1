package io.transfer4j.transfer.data;

import java.util.List;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * What the image iterators share: fixed batch size, class names as labels, an optional DL4J pre-processor
 * applied to every batch, and epochs counted by {@link #reset()} so that each epoch can draw a new order.
 */
abstract class LabeledBatchIterator implements DataSetIterator {

    final List<String> classNames;
    final int batchSize;
    int epoch;
    private DataSetPreProcessor preProcessor;

    LabeledBatchIterator(List<String> classNames, int batchSize) {
        this.classNames = List.copyOf(classNames);
        this.batchSize = batchSize;
    }

    /** Resets the position and, when shuffling, draws the order of the current {@link #epoch}. */
    abstract void startEpoch();

    /** Names the labels of {@code ds} and applies the pre-processor, if any. */
    final DataSet finish(DataSet ds) {
        ds.setLabelNames(classNames);
        if (preProcessor != null) {
            preProcessor.preProcess(ds);
        }
        return ds;
    }

    @Override
    public DataSet next() {
        return next(batchSize);
    }

    /** Starts the next epoch: a new shuffle (and new augmentation draws) for training iterators. */
    @Override
    public void reset() {
        epoch++;
        startEpoch();
    }

    @Override
    public int totalOutcomes() {
        return classNames.size();
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    @Override
    public int batch() {
        return batchSize;
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        this.preProcessor = preProcessor;
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }

    @Override
    public List<String> getLabels() {
        return classNames;
    }
}
