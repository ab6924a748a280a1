package io.transfer4j.transfer.train;

/** Whether the {@link Trainer} may train the head on trunk features computed once. */
public enum FeatureCaching {
    /** Cache when everything below the head is frozen and the input is not augmented (the default). */
    AUTO,
    /** Never cache: every epoch runs the whole network (DL4J's usual behaviour). */
    OFF,
    /** Cache, and fail with the reason if the network cannot be split into a frozen trunk and a head. */
    REQUIRED
}
