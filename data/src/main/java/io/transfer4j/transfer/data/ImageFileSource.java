package io.transfer4j.transfer.data;

import io.transfer4j.zoo.Preprocessing;
import java.util.List;
import java.util.Optional;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * The image files behind an image-folder iterator, decoded and preprocessed exactly as its batches are, but only
 * those asked for: what lets a persistent feature store skip every file whose trunk features it already holds.
 * Has its own decoders, so it may run while the iterator's prefetch thread is busy.
 *
 * <pre>{@code
 * ImageFileSource.of(data.validation()).ifPresent(s -> {
 *     DataSet firstTwo = s.load(s.files().subList(0, 2));   // features [2, c, h, w] after preprocessing, one-hot labels
 * });
 * }</pre>
 */
public final class ImageFileSource {
    private final ImageFolderIterator iterator;
    private final ImagePipeline pipeline;

    private ImageFileSource(ImageFolderIterator iterator) {
        this.iterator = iterator;
        this.pipeline = iterator.newPipeline();
    }

    /** The source of an {@link ImageFolder} iterator (prefetched or not); empty for any other iterator. */
    public static Optional<ImageFileSource> of(DataSetIterator it) {
        DataSetIterator inner = it instanceof PrefetchIterator p ? p.source() : it;
        return inner instanceof ImageFolderIterator f ? Optional.of(new ImageFileSource(f)) : Optional.empty();
    }

    /** The files in the order of the iterator's current pass. */
    public List<LabeledFile> files() {
        return iterator.currentOrder();
    }

    public int numClasses() {
        return iterator.totalOutcomes();
    }

    /** Whether the iterator augments its images (then a file's array changes from pass to pass). */
    public boolean augmented() {
        return iterator.pipeline().augments();
    }

    /** The input size (for the trunk's input shape). */
    public Preprocessing preprocessing() {
        return iterator.preprocessing();
    }

    /** What an image's array depends on besides its bytes: size, cropping and preprocessing (part of a feature key). */
    public String inputKey() {
        return pipeline.describe() + " " + iterator.preprocessing();
    }

    /**
     * {@code files} decoded and preprocessed as the iterator's batches (features, one-hot labels, each example's path
     * as metadata); unreadable files are skipped or fail per the folder's {@link BadFilePolicy}. Null when none is readable.
     */
    public DataSet load(List<LabeledFile> files) {
        return iterator.decode(files, pipeline);
    }
}
