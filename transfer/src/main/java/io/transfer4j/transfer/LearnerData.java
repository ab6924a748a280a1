package io.transfer4j.transfer;

import io.transfer4j.transfer.data.ImageFolderData;
import io.transfer4j.transfer.data.LabeledImages;
import io.transfer4j.transfer.train.DataSource;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * The data a {@link Learner} works on: training, validation and test subsets, each a {@link DataSource} (an
 * in-memory DataSet or a resettable iterator), plus whether the training subset is augmented (then trunk
 * features cannot be cached). Every method of the learner reads the same sources.
 *
 * <pre>{@code
 * LearnerData.of(ImageFolder.of(root).augment(Augment.standard()).load());     // folder iterators, augmented
 * LearnerData.of(train, validation, test);                                     // DataSets in memory
 * LearnerData.of(fashion.train(), fashion.test(), 64, 1);                      // Fashion-MNIST, shuffled iterators
 * }</pre>
 */
public interface LearnerData {
    /** A split of the data, as {@link Learner#evaluate} names it. */
    enum Split { TRAIN, VALIDATION, TEST }

    /** Training examples (a fresh pass each call). */
    DataSource train();

    /** Validation examples, or null for none. */
    DataSource validation();

    /** Test examples, or null for none. */
    DataSource test();

    /** Whether the training examples change from epoch to epoch (augmentation). */
    boolean augmented();

    /** The source of {@code split}; an error naming the split when there is none. */
    default DataSource get(Split split) {
        DataSource s = switch (split) {
            case TRAIN -> train();
            case VALIDATION -> validation();
            case TEST -> test();
        };
        if (s == null) {
            throw new IllegalArgumentException("the learner's data has no " + split.name().toLowerCase(java.util.Locale.ROOT)
                    + " split; give LearnerData.of(...) one");
        }
        return s;
    }

    /** An image folder: its train (augmented as configured), validation and test iterators. */
    static LearnerData of(ImageFolderData data) {
        return new LearnerData() {
            @Override
            public DataSource train() {
                return DataSource.of(data.train());
            }

            @Override
            public DataSource validation() {
                return data.split().validation().isEmpty() ? null : DataSource.of(data.validation());
            }

            @Override
            public DataSource test() {
                return data.split().test().isEmpty() ? null : DataSource.of(data.test());
            }

            @Override
            public boolean augmented() {
                return !data.augment().isNone();
            }
        };
    }

    /** DataSets in memory; {@code validation} and {@code test} may be null. */
    static LearnerData of(DataSet train, DataSet validation, DataSet test) {
        return of(DataSource.of(train), validation == null ? null : DataSource.of(validation),
                test == null ? null : DataSource.of(test), false);
    }

    /** Images in memory (Fashion-MNIST, ...): shuffled training batches, test batches in order; no validation split. */
    static LearnerData of(LabeledImages train, LabeledImages test, int batchSize, long seed) {
        return of(DataSource.of(train.iterator(batchSize, true, seed)), null,
                test == null ? null : DataSource.of(test.iterator(batchSize, false, seed)), false);
    }

    /** Any iterators; {@code validation} and {@code test} may be null; say whether {@code train} augments. */
    static LearnerData of(DataSetIterator train, DataSetIterator validation, DataSetIterator test, boolean augmented) {
        return of(DataSource.of(train), validation == null ? null : DataSource.of(validation),
                test == null ? null : DataSource.of(test), augmented);
    }

    /** Any sources; {@code validation} and {@code test} may be null. */
    static LearnerData of(DataSource train, DataSource validation, DataSource test, boolean augmented) {
        if (train == null) {
            throw new IllegalArgumentException("a learner needs training data");
        }
        return new LearnerData() {
            @Override
            public DataSource train() {
                return train;
            }

            @Override
            public DataSource validation() {
                return validation;
            }

            @Override
            public DataSource test() {
                return test;
            }

            @Override
            public boolean augmented() {
                return augmented;
            }
        };
    }
}
