package io.transfer4j.transfer;

import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * A learning-rate schedule multiplied by a constant: how a layer group's multiplier composes with any
 * schedule (step, exponential, cosine, one-cycle...): {@code lr_group(t) = factor · schedule(t)}.
 * Serialised by DL4J inside the graph configuration (Jackson, by class name), so a saved model keeps it.
 */
public final class ScaledSchedule implements ISchedule {
    private final ISchedule base;
    private final double factor;

    public ScaledSchedule(@JsonProperty("base") ISchedule base, @JsonProperty("factor") double factor) {
        this.base = java.util.Objects.requireNonNull(base, "base schedule");
        this.factor = factor;
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        return factor * base.valueAt(iteration, epoch);
    }

    @Override
    public ISchedule clone() {
        return new ScaledSchedule(base.clone(), factor);
    }

    public ISchedule getBase() {
        return base;
    }

    public double getFactor() {
        return factor;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScaledSchedule s && s.factor == factor && s.base.equals(base);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(base, factor);
    }

    @Override
    public String toString() {
        return factor + " x " + base;
    }
}
