package io.transfer4j.transfer.train;

import java.util.function.Supplier;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Where the feature cache keeps trunk features beyond one run: per trunk (a key naming the trunk's weights, cut
 * layer, input size and preprocessing) and per image (a hash of the image file's bytes). The cache asks for every
 * image first and computes only those the store lacks. {@link DiskFeatureStore} keeps them under the transfer4j
 * home, shared by processes; an implementation may also be in memory.
 *
 * <pre>{@code
 * TrainingConfig config = TrainingConfig.builder(10).featureStore(DiskFeatureStore.fromEnvironment()).build();
 * }</pre>
 */
public interface FeatureStore {
    /** The features stored for {@code image} under {@code trunk}, or null. */
    INDArray get(String trunk, String image);

    /** Keeps {@code features} (one example, no batch dimension) for {@code image} under {@code trunk}. */
    void put(String trunk, String image, INDArray features);

    /**
     * Runs {@code work} — looking up again and computing what is missing — with the sole right to compute features
     * under {@code trunk}, so that two processes on one store never compute the same features twice: the second
     * waits, then finds them. The default runs it directly.
     */
    default <T> T exclusive(String trunk, Supplier<T> work) {
        return work.get();
    }

    /** Called once a pass is complete: a store with a size limit evicts what is over it. */
    default void trim() {
    }

    /** Records what {@code trunk} is, for listings (called before the first {@link #put} of a pass). */
    default void describe(String trunk, String description) {
    }
}
