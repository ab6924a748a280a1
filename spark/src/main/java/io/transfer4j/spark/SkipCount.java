package io.transfer4j.spark;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.SparkContext;
import org.apache.spark.util.AccumulatorV2;

/**
 * The number of rows a stage left out as bad, counted once per input partition however often Spark computes that
 * partition. A plain {@code LongAccumulator} in a transformation adds up every computation that succeeds: a
 * re-run map stage (lost shuffle output), a speculative copy of a task, or the same result used by two actions each
 * add the partition's skips again. Here each task reports its skips per partition index of the stage's own RDD,
 * and the driver keeps the largest report per partition: the input of a partition is the same each time (file
 * sources are), so every computation finds the same bad rows, and one that stopped early (a {@code limit}) finds
 * fewer. Attempts that fail report nothing (Spark drops user accumulators of failed tasks).
 */
final class SkipCount extends AccumulatorV2<Integer, Long> {
    private final Map<Integer, Long> perPartition = new ConcurrentHashMap<>();

    /** A new count registered with {@code sc} under {@code name} (shown in the Spark UI). */
    static SkipCount register(SparkContext sc, String name) {
        SkipCount c = new SkipCount();
        sc.register(c, name);
        return c;
    }

    /** One more row skipped in input partition {@code partition} (on an executor, within one task). */
    @Override
    public void add(Integer partition) {
        perPartition.merge(partition, 1L, Long::sum);
    }

    /** On the driver: a task's per-partition counts; a partition computed again keeps its largest count. */
    @Override
    public void merge(AccumulatorV2<Integer, Long> other) {
        ((SkipCount) other).perPartition.forEach((p, n) -> perPartition.merge(p, n, Math::max));
    }

    /** Rows skipped over all partitions computed so far. */
    @Override
    public Long value() {
        return perPartition.values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public boolean isZero() {
        return perPartition.isEmpty();
    }

    @Override
    public SkipCount copy() {
        SkipCount c = new SkipCount();
        c.perPartition.putAll(perPartition);
        return c;
    }

    @Override
    public void reset() {
        perPartition.clear();
    }
}
