package io.transfer4j.transfer.data;

import io.transfer4j.zoo.Preprocessing;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mini-batches from a list of image files: features {@code [n, c, h, w]} after the model's
 * {@link Preprocessing}, one-hot labels {@code [n, classes]}. Training iterators reshuffle every epoch (seeded
 * by seed + epoch) and augment; evaluation iterators keep the file order. A file that fails to decode is
 * skipped with a warning or fails the iteration, per {@link BadFilePolicy}; skipped files are listed by
 * {@link #skipped()}. Usually obtained from {@link ImageFolder}, wrapped in DL4J's prefetching
 * {@code AsyncDataSetIterator}.
 */
public final class ImageFolderIterator extends LabeledBatchIterator {

    private static final Logger LOG = LoggerFactory.getLogger(ImageFolderIterator.class);

    private final List<LabeledFile> files;
    private final ImagePipeline pipeline;
    private final Preprocessing preprocessing;
    private final boolean shuffle;
    private final long seed;
    private final BadFilePolicy policy;
    private final List<RejectedFile> skipped = new CopyOnWriteArrayList<>();
    private DataSet pending;
    private List<LabeledFile> order;
    private int cursor;

    ImageFolderIterator(List<LabeledFile> files, List<String> classNames, ImagePipeline pipeline, Preprocessing preprocessing,
                        int batchSize, boolean shuffle, long seed, BadFilePolicy policy) {
        super(classNames, batchSize);
        if (files.isEmpty()) {
            throw new ImageFolderException("no images in this subset");
        }
        this.files = List.copyOf(files);
        this.pipeline = pipeline;
        this.preprocessing = preprocessing;
        this.shuffle = shuffle;
        this.seed = seed;
        this.policy = policy;
        startEpoch();
    }

    /** Files skipped so far because they could not be decoded (each listed once). */
    public List<RejectedFile> skipped() {
        return List.copyOf(skipped);
    }

    /** Number of images (before any skipped at decode time). */
    public int size() {
        return files.size();
    }

    /** The files in the order of the current epoch. */
    public List<LabeledFile> currentOrder() {
        return Collections.unmodifiableList(order);
    }

    @Override
    public boolean hasNext() {
        // Look ahead one batch: if every remaining file is unreadable the epoch ends here, not with an empty batch.
        if (pending == null && cursor < order.size()) {
            pending = build(batchSize);
        }
        return pending != null;
    }

    @Override
    public DataSet next(int num) {
        if (pending != null && num == batchSize) {
            DataSet ds = pending;
            pending = null;
            return ds;
        }
        DataSet ds = pending != null ? pending : build(num);
        pending = null;
        if (ds == null) {
            throw new NoSuchElementException("epoch finished; call reset()");
        }
        return ds;
    }

    /** The next batch of up to {@code num} readable images, or null when none are left. */
    private DataSet build(int num) {
        Decoded d = new Decoded(num);
        while (d.images.size() < num && cursor < order.size()) {
            int index = cursor++;
            d.add(order.get(index), pipeline, random(index));
        }
        return d.toDataSet();
    }

    /**
     * {@code some} of this iterator's files decoded and preprocessed as its batches are (no augmentation), unreadable
     * ones handled per its {@link BadFilePolicy}; null when none is readable. {@code own} is the caller's pipeline:
     * the iterator's may be busy in a prefetch thread.
     */
    DataSet decode(List<LabeledFile> some, ImagePipeline own) {
        Decoded d = new Decoded(some.size());
        for (LabeledFile f : some) {
            d.add(f, own, null);
        }
        return d.toDataSet();
    }

    /** A pipeline like this iterator's, for {@link #decode}. */
    ImagePipeline newPipeline() {
        return pipeline.copy();
    }

    ImagePipeline pipeline() {
        return pipeline;
    }

    Preprocessing preprocessing() {
        return preprocessing;
    }

    /** Images, their file names (example metadata: evaluation names its top losses) and labels of one batch. */
    private final class Decoded {
        final List<INDArray> images;
        final List<java.io.Serializable> files;
        final List<int[]> labels;

        Decoded(int capacity) {
            images = new ArrayList<>(capacity);
            files = new ArrayList<>(capacity);
            labels = new ArrayList<>(capacity);
        }

        void add(LabeledFile f, ImagePipeline p, Random random) {
            try {
                images.add(p.load(f.path(), random));
                files.add(f.path().toString());
                labels.add(f.labels());
            } catch (IOException e) {
                if (policy == BadFilePolicy.FAIL) {
                    throw new ImageFolderException(e.getMessage() + " (use BadFilePolicy.SKIP_WITH_WARNING to skip such files)", e);
                }
                if (skipped.stream().noneMatch(r -> r.path().equals(f.path()))) {
                    skipped.add(new RejectedFile(f.path(), e.getMessage()));
                    LOG.warn("Skipping unreadable image: {}", e.getMessage());
                }
            }
        }

        DataSet toDataSet() {
            if (images.isEmpty()) {
                return null;
            }
            INDArray x = Nd4j.concat(0, images.toArray(INDArray[]::new)).castTo(DataType.FLOAT);
            preprocessing.apply(x);
            INDArray y = Nd4j.zeros(DataType.FLOAT, labels.size(), classNames.size());
            for (int i = 0; i < labels.size(); i++) {
                for (int l : labels.get(i)) {
                    y.putScalar(i, l, 1f);     // one-hot, or multi-hot for an image with several labels
                }
            }
            DataSet ds = new DataSet(x, y);
            ds.setExampleMetaData(files);
            return finish(ds);
        }
    }

    @Override
    public int inputColumns() {
        return preprocessing.height() * preprocessing.width() * preprocessing.channels();
    }

    @Override
    public boolean asyncSupported() {
        return true;
    }

    @Override
    void startEpoch() {
        cursor = 0;
        pending = null;
        List<LabeledFile> o = new ArrayList<>(files);
        if (shuffle) {
            Collections.shuffle(o, new Random(mix(seed, epoch, -1)));
        }
        order = o;
    }

    private Random random(int index) {
        return new Random(mix(seed, epoch, index));
    }

    /** SplitMix64-style mixing so neighbouring (seed, epoch, index) give unrelated streams. */
    private static long mix(long seed, long epoch, long index) {
        long z = seed * 0x9E3779B97F4A7C15L + epoch * 0xBF58476D1CE4E5B9L + index * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
