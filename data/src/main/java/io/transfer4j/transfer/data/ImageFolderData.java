package io.transfer4j.transfer.data;

import io.transfer4j.zoo.Preprocessing;
import java.nio.file.Path;
import java.util.List;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * A loaded image folder: class names, the folder report, the split, and fresh iterators per subset. Training
 * iterators shuffle every epoch and augment; validation and test iterators never augment and keep a fixed
 * order. With prefetch on, batches are decoded ahead by DL4J's {@code AsyncDataSetIterator} (through
 * {@link PrefetchIterator}, which makes errors reach the consumer instead of hanging it).
 *
 * <pre>{@code
 * ImageFolderData data = ImageFolder.of(root).inputSize(64, 64, 3).load();
 * DataSetIterator train = data.train();
 * int classes = data.numClasses();
 * }</pre>
 */
public final class ImageFolderData {

    private final FolderScan scan;
    private final DataSplit split;
    private final Preprocessing preprocessing;
    private final boolean centerCrop;
    private final Augment augment;
    private final int batchSize;
    private final int prefetch;
    private final long seed;
    private final BadFilePolicy policy;
    private final boolean multiLabel;

    ImageFolderData(FolderScan scan, DataSplit split, Preprocessing preprocessing, boolean centerCrop, Augment augment,
                    int batchSize, int prefetch, long seed, BadFilePolicy policy, boolean multiLabel) {
        this.multiLabel = multiLabel;
        this.scan = scan;
        this.split = split;
        this.preprocessing = preprocessing;
        this.centerCrop = centerCrop;
        this.augment = augment;
        this.batchSize = batchSize;
        this.prefetch = prefetch;
        this.seed = seed;
        this.policy = policy;
    }

    /** Class names, index = label (sorted sub-folder names). */
    public List<String> classNames() {
        return split.classNames();
    }

    /**
     * Whether an image may have several labels (or none): batches then carry multi-hot labels, for a multi-label head
     * ({@code Head.multiLabel()}).
     */
    public boolean isMultiLabel() {
        return multiLabel;
    }

    public int numClasses() {
        return split.classNames().size();
    }

    /** The preprocessing applied to every batch. */
    public Preprocessing preprocessing() {
        return preprocessing;
    }

    /** The training augmentation ({@link Augment#none()} when off). */
    public Augment augment() {
        return augment;
    }

    /** What was found in the folder (counts, skipped and ignored files). */
    public FolderScan scan() {
        return scan;
    }

    /** The split in use. */
    public DataSplit split() {
        return split;
    }

    /** Saves the split so a later run evaluates on exactly the same files. */
    public void saveSplit(Path file) {
        split.save(file, scan.root());
    }

    /** The folder report plus the split sizes. */
    public String report() {
        StringBuilder sb = new StringBuilder(scan.report());
        sb.append("  split: ").append(split.sizes()).append(multiLabel ? " (multi-label: random, images per label below)" : "").append('\n');
        int[] tr = DataSplit.classCounts(split.train(), numClasses());
        int[] va = DataSplit.classCounts(split.validation(), numClasses());
        int[] te = DataSplit.classCounts(split.test(), numClasses());
        int width = Math.max(5, classNames().stream().mapToInt(String::length).max().orElse(5));
        sb.append(String.format(java.util.Locale.ROOT, "  %-" + width + "s %6s %10s %6s%n", "class", "train", "validation", "test"));
        for (int c = 0; c < numClasses(); c++) {
            sb.append(String.format(java.util.Locale.ROOT, "  %-" + width + "s %6d %10d %6d%n", classNames().get(c), tr[c], va[c], te[c]));
        }
        sb.append("  input: ").append(preprocessing).append(centerCrop ? ", centre crop" : "").append('\n');
        sb.append("  training augmentation: ").append(augment).append('\n');
        return sb.toString();
    }

    /** Training batches: shuffled each epoch, augmented, prefetched. */
    public DataSetIterator train() {
        return wrap(iterator(split.train(), augment, true, "train"));
    }

    /** Validation batches: fixed order, no augmentation. */
    public DataSetIterator validation() {
        return wrap(iterator(split.validation(), Augment.none(), false, "validation"));
    }

    /** Test batches: fixed order, no augmentation. */
    public DataSetIterator test() {
        return wrap(iterator(split.test(), Augment.none(), false, "test"));
    }

    /** The training iterator without the prefetch wrapper (to inspect skipped files or the epoch order). */
    public ImageFolderIterator trainIterator() {
        return iterator(split.train(), augment, true, "train");
    }

    /** The test iterator without the prefetch wrapper. */
    public ImageFolderIterator testIterator() {
        return iterator(split.test(), Augment.none(), false, "test");
    }

    /** The validation iterator without the prefetch wrapper. */
    public ImageFolderIterator validationIterator() {
        return iterator(split.validation(), Augment.none(), false, "validation");
    }

    private ImageFolderIterator iterator(List<LabeledFile> files, Augment a, boolean shuffle, String subset) {
        if (files.isEmpty()) {
            throw new ImageFolderException("the " + subset + " subset of " + scan.root() + " is empty; give it a positive "
                    + "fraction in ImageFolder.split(...)");
        }
        ImagePipeline pipeline = new ImagePipeline(preprocessing.height(), preprocessing.width(), preprocessing.channels(), centerCrop, a);
        return new ImageFolderIterator(files, classNames(), pipeline, preprocessing, batchSize, shuffle, seed, policy);
    }

    private DataSetIterator wrap(ImageFolderIterator it) {
        return prefetch > 0 ? new PrefetchIterator(it, prefetch) : it;
    }
}
