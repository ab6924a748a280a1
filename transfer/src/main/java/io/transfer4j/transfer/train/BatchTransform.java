package io.transfer4j.transfer.train;

import java.util.Random;
import org.nd4j.linalg.dataset.DataSet;

/**
 * A change the {@link Trainer} makes to every training batch before its optimisation step — never to validation
 * batches: {@link LabelSmoothing}, {@link MixUp} (MixUp and CutMix). The random source is seeded from the run's
 * seed and the iteration, so runs repeat exactly and a resumed run draws what the uninterrupted one would.
 *
 * <pre>{@code TrainingConfig.builder(10).batchTransform(new LabelSmoothing(0.1)).batchTransform(MixUp.mixUp(0.2)).build();}</pre>
 */
public interface BatchTransform {
    /** The batch to train on instead of {@code batch} (which must not be changed in place). */
    DataSet apply(DataSet batch, Random random);

    /** Whether the transform needs images (CutMix): then trunk features are not cached. */
    default boolean needsImages() {
        return false;
    }
}
