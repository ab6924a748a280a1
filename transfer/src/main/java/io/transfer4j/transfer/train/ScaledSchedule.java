package io.transfer4j.transfer.train;

import org.nd4j.linalg.schedule.ISchedule;

/**
 * A schedule times a constant: how one training schedule drives layer groups that have their own learning
 * rate multiplier (discriminative learning rates). The {@link Trainer} wraps its schedule in one of these
 * per layer, with the layer's multiplier, so the ratio between groups survives the schedule.
 */
public final class ScaledSchedule implements ISchedule {
    private ISchedule base;
    private double factor = 1;

    public ScaledSchedule() {
    }

    public ScaledSchedule(ISchedule base, double factor) {
        this.base = base;
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

    public void setBase(ISchedule base) {
        this.base = base;
    }

    public double getFactor() {
        return factor;
    }

    public void setFactor(double factor) {
        this.factor = factor;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScaledSchedule s && s.factor == factor && java.util.Objects.equals(s.base, base);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(base, factor);
    }

    @Override
    public String toString() {
        return factor == 1 ? String.valueOf(base) : factor + " × " + base;
    }
}
