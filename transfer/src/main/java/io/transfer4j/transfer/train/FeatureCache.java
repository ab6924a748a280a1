package io.transfer4j.transfer.train;

import io.transfer4j.dsl.PhaseTimes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import io.transfer4j.transfer.data.ImageFileSource;
import io.transfer4j.transfer.data.RowBatches;
import io.transfer4j.transfer.data.Rows;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the frozen trunk once over a data set (inference mode, so frozen batch norms use their running
 * statistics; on the configured {@link io.transfer4j.transfer.onnx.Engine}) and keeps the features at the split node: in memory while they fit the budget, else in a
 * temporary file ({@link DiskRows}). With a {@link FeatureStore}, an image folder's features already stored by an
 * earlier run are read instead of computed ({@link StoredFeatures}).
 */
final class FeatureCache {
    private static final Logger LOG = LoggerFactory.getLogger(FeatureCache.class);
    private static final int TRUNK_BATCH = 64;

    private FeatureCache() {
    }

    /** Features of every example of {@code data}, in order. */
    static Rows of(TrunkFeatures trunk, DataSet data, long budgetBytes) {
        return compute(trunk, new RowBatches(Rows.of(data), List.of(), TRUNK_BATCH, false, 0), budgetBytes);
    }

    /** Features of everything {@code data} yields (it is reset first), in its order. */
    static Rows of(TrunkFeatures trunk, DataSetIterator data, long budgetBytes) {
        return of(trunk, data, budgetBytes, null);
    }

    /**
     * Features of everything {@code data} yields; with a {@code store} and an image-folder iterator that does not
     * augment, the store's features are read and only the files it lacks are decoded and computed (then stored).
     */
    static Rows of(TrunkFeatures trunk, DataSetIterator data, long budgetBytes, FeatureStore store) {
        if (data.resetSupported()) {
            data.reset();        // the pass's file order, as the batches would come (cached rows keep it)
        }
        ImageFileSource files = store == null ? null : ImageFileSource.of(data).filter(s -> !s.augmented()).orElse(null);
        if (files == null) {
            return compute(trunk, data, budgetBytes);
        }
        long t0 = System.nanoTime();
        StoredFeatures stored = new StoredFeatures(trunk, files, store);
        var inferenceMode = Dl4jWorkarounds.beforeInference(trunk.graph());
        try {
            Rows rows = PhaseTimes.time("featurize", () -> collect(stored.batches(), budgetBytes));
            LOG.info("trunk features at '{}' for {} images: {} from the feature store, {} computed ({}) in {} s", trunk.node(),
                    stored.reused() + stored.computed(), stored.reused(), stored.computed(),
                    stored.computed() == 0 ? "trunk not run" : trunk.engineKind(), String.format("%.1f", (System.nanoTime() - t0) / 1e9));
            return rows;
        } finally {
            Dl4jWorkarounds.afterInference(trunk.graph(), inferenceMode);
            store.trim();
        }
    }

    private static Rows compute(TrunkFeatures trunk, Iterator<DataSet> batches, long budgetBytes) {
        long t0 = System.nanoTime();
        var inferenceMode = Dl4jWorkarounds.beforeInference(trunk.graph());
        try {
            Iterator<DataSet> features = new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return batches.hasNext();
                }

                @Override
                public DataSet next() {
                    DataSet ds = batches.next();
                    return new DataSet(trunk.of(ds.getFeatures()), ds.getLabels().detach());
                }
            };
            Rows rows = PhaseTimes.time("featurize", () -> collect(features, budgetBytes));
            LOG.info("cached trunk features at '{}' ({}) for {} examples in {} s", trunk.node(), trunk.engineKind(), rows.size(),
                    String.format("%.1f", (System.nanoTime() - t0) / 1e9));
            return rows;
        } finally {
            Dl4jWorkarounds.afterInference(trunk.graph(), inferenceMode);
        }
    }

    /** Feature batches as rows: in memory while they fit the budget, else in a temporary file. */
    private static Rows collect(Iterator<DataSet> featureBatches, long budgetBytes) {
        List<INDArray> feats = new ArrayList<>();
        List<INDArray> labels = new ArrayList<>();
        long bytes = 0;
        DiskRows disk = null;
        int count = 0;
        while (featureBatches.hasNext()) {
            DataSet ds = featureBatches.next();
            INDArray f = ds.getFeatures();
            count += (int) f.size(0);
            if (disk == null) {
                feats.add(f);
                labels.add(ds.getLabels());
                bytes += f.length() * f.dataType().width();
                if (bytes > budgetBytes) {
                    disk = spill(feats, labels);
                    feats.clear();
                    labels.clear();
                }
            } else {
                disk.append(f, ds.getLabels());
            }
        }
        if (count == 0) {
            throw new IllegalArgumentException("the training data is empty: no examples to compute features for");
        }
        LOG.debug("trunk features of {} examples kept in {} ({})", count, disk != null ? "a temporary file" : "memory", humanBytes(bytes));
        return disk != null ? disk : Rows.of(Nd4j.concat(0, feats.toArray(INDArray[]::new)),
                Nd4j.concat(0, labels.toArray(INDArray[]::new)));
    }

    private static DiskRows spill(List<INDArray> feats, List<INDArray> labels) {
        try {
            INDArray first = feats.get(0);
            long[] exampleShape = java.util.Arrays.copyOfRange(first.shape(), 1, first.rank());
            DiskRows disk = new DiskRows(Path.of(System.getProperty("java.io.tmpdir"), "transfer4j-features"), exampleShape);
            for (int i = 0; i < feats.size(); i++) {
                disk.append(feats.get(i), labels.get(i));
            }
            return disk;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the on-disk feature cache: " + e.getMessage(), e);
        }
    }

    private static String humanBytes(long b) {
        return b < 1 << 20 ? (b >> 10) + " KB" : (b >> 20) + " MB";
    }
}
