package io.transfer4j.transfer.train;

import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/**
 * Cosine annealing (Loshchilov &amp; Hutter, SGDR without restarts):
 * {@code α(t) = αmin + (α0 − αmin)·(1 + cos(π·t/T))/2} for {@code t < T}, then {@code αmin}.
 * {@code t} counts iterations or epochs, per {@link ScheduleType}. DL4J has no cosine schedule.
 * A plain bean so DL4J's JSON configuration (and so a checkpoint) keeps it.
 *
 * <pre>{@code new CosineSchedule(ScheduleType.EPOCH, 1e-3, 1e-5, 20)}</pre>
 */
public final class CosineSchedule implements ISchedule {
    private ScheduleType scheduleType = ScheduleType.ITERATION;
    private double initialValue;
    private double minValue;
    private int period = 1;

    public CosineSchedule() {
    }

    public CosineSchedule(ScheduleType scheduleType, double initialValue, double minValue, int period) {
        if (period <= 0) {
            throw new IllegalArgumentException("cosine schedule period must be positive, got " + period);
        }
        this.scheduleType = scheduleType;
        this.initialValue = initialValue;
        this.minValue = minValue;
        this.period = period;
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        int t = scheduleType == ScheduleType.ITERATION ? iteration : epoch;
        if (t >= period) {
            return minValue;
        }
        return minValue + (initialValue - minValue) * (1 + Math.cos(Math.PI * t / period)) / 2;
    }

    @Override
    public ISchedule clone() {
        return new CosineSchedule(scheduleType, initialValue, minValue, period);
    }

    public ScheduleType getScheduleType() {
        return scheduleType;
    }

    public void setScheduleType(ScheduleType scheduleType) {
        this.scheduleType = scheduleType;
    }

    public double getInitialValue() {
        return initialValue;
    }

    public void setInitialValue(double initialValue) {
        this.initialValue = initialValue;
    }

    public double getMinValue() {
        return minValue;
    }

    public void setMinValue(double minValue) {
        this.minValue = minValue;
    }

    public int getPeriod() {
        return period;
    }

    public void setPeriod(int period) {
        this.period = period;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CosineSchedule c && c.scheduleType == scheduleType && c.initialValue == initialValue
                && c.minValue == minValue && c.period == period;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(scheduleType, initialValue, minValue, period);
    }

    @Override
    public String toString() {
        return "cosine(" + initialValue + " -> " + minValue + " over " + period + " " + scheduleType.name().toLowerCase() + "s)";
    }
}
