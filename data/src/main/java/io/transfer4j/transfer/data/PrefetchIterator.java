package io.transfer4j.transfer.data;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.deeplearning4j.datasets.iterator.AsyncDataSetIterator;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * DL4J's {@link AsyncDataSetIterator} (batches decoded ahead in a background thread), made to report errors.
 * In DL4J 1.0.0-M2.1, an exception in the prefetch thread is stored but the consumer stays blocked on the
 * queue forever (measured: {@code BadFilePolicy.FAIL} plus prefetch hung). Here the source's exception ends
 * the background loop normally and is rethrown to the consumer, in its own thread, when it reaches that point.
 */
final class PrefetchIterator implements DataSetIterator {

    private final Capture capture;
    private final AsyncDataSetIterator async;

    PrefetchIterator(DataSetIterator source, int prefetch) {
        this.capture = new Capture(source);
        this.async = new AsyncDataSetIterator(capture, prefetch);
    }

    /** The iterator whose batches are prefetched. */
    DataSetIterator source() {
        return capture.source;
    }

    @Override
    public boolean hasNext() {
        boolean more = async.hasNext();
        if (!more) {
            RuntimeException e = capture.failure.getAndSet(null);
            if (e != null) {
                throw e;
            }
        }
        return more;
    }

    @Override
    public DataSet next() {
        if (!hasNext()) {
            throw new java.util.NoSuchElementException("epoch finished; call reset()");
        }
        return async.next();
    }

    @Override
    public DataSet next(int num) {
        return next();
    }

    @Override
    public void reset() {
        async.reset();
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    @Override
    public boolean asyncSupported() {
        return false; // already asynchronous: DL4J must not wrap it again
    }

    @Override
    public int inputColumns() {
        return capture.source.inputColumns();
    }

    @Override
    public int totalOutcomes() {
        return capture.source.totalOutcomes();
    }

    @Override
    public int batch() {
        return capture.source.batch();
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        capture.source.setPreProcessor(preProcessor);
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return capture.source.getPreProcessor();
    }

    @Override
    public List<String> getLabels() {
        return capture.source.getLabels();
    }

    /** Runs in the prefetch thread: turns an exception into "no more data" and keeps it for the consumer. */
    private static final class Capture implements DataSetIterator {
        private final DataSetIterator source;
        private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
        private volatile boolean failed;

        Capture(DataSetIterator source) {
            this.source = source;
        }

        @Override
        public boolean hasNext() {
            if (failed) {
                return false;
            }
            try {
                return source.hasNext();
            } catch (RuntimeException e) {
                fail(e);
                return false;
            }
        }

        @Override
        public DataSet next() {
            return next(source.batch());
        }

        @Override
        public DataSet next(int num) {
            try {
                return source.next(num);
            } catch (RuntimeException e) {
                fail(e);
                return null; // AsyncDataSetIterator skips null batches
            }
        }

        private void fail(RuntimeException e) {
            failed = true;
            failure.set(e);
        }

        @Override
        public void reset() {
            failed = false;
            failure.set(null);
            source.reset();
        }

        @Override
        public boolean resetSupported() {
            return true;
        }

        @Override
        public boolean asyncSupported() {
            return false;
        }

        @Override
        public int inputColumns() {
            return source.inputColumns();
        }

        @Override
        public int totalOutcomes() {
            return source.totalOutcomes();
        }

        @Override
        public int batch() {
            return source.batch();
        }

        @Override
        public void setPreProcessor(DataSetPreProcessor preProcessor) {
            source.setPreProcessor(preProcessor);
        }

        @Override
        public DataSetPreProcessor getPreProcessor() {
            return source.getPreProcessor();
        }

        @Override
        public List<String> getLabels() {
            return source.getLabels();
        }
    }
}
