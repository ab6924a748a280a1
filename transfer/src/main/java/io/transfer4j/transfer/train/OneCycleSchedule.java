package io.transfer4j.transfer.train;

import org.nd4j.linalg.schedule.ISchedule;

/**
 * One-cycle learning rate with warm-up (Smith 2018, as fastai's {@code fit_one_cycle} does it): over the
 * first {@code warmupFraction} of {@code totalIterations} the rate rises along a half cosine from
 * {@code maxValue/divFactor} to {@code maxValue}, then anneals along a half cosine down to
 * {@code maxValue/(divFactor·finalDivFactor)}. Counted in iterations. DL4J's {@code CycleSchedule} is the
 * older triangular variant; this is the one fastai made the default.
 *
 * <pre>{@code new OneCycleSchedule(1e-2, 400, 0.25, 25, 1e4)}</pre>
 */
public final class OneCycleSchedule implements ISchedule {
    private double maxValue;
    private int totalIterations = 1;
    private double warmupFraction = 0.25;
    private double divFactor = 25;
    private double finalDivFactor = 1e4;

    public OneCycleSchedule() {
    }

    public OneCycleSchedule(double maxValue, int totalIterations, double warmupFraction, double divFactor, double finalDivFactor) {
        if (totalIterations <= 0) {
            throw new IllegalArgumentException("one-cycle totalIterations must be positive, got " + totalIterations);
        }
        if (!(warmupFraction >= 0 && warmupFraction < 1)) {
            throw new IllegalArgumentException("one-cycle warmupFraction must be in [0, 1), got " + warmupFraction);
        }
        if (divFactor < 1 || finalDivFactor < 1) {
            throw new IllegalArgumentException("one-cycle div factors must be >= 1, got " + divFactor + ", " + finalDivFactor);
        }
        this.maxValue = maxValue;
        this.totalIterations = totalIterations;
        this.warmupFraction = warmupFraction;
        this.divFactor = divFactor;
        this.finalDivFactor = finalDivFactor;
    }

    /** fastai's defaults: 25% warm-up, start at max/25, end at max/25e4. */
    public OneCycleSchedule(double maxValue, int totalIterations) {
        this(maxValue, totalIterations, 0.25, 25, 1e4);
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        double start = maxValue / divFactor;
        double end = start / finalDivFactor;
        int warm = (int) Math.round(warmupFraction * totalIterations);
        if (iteration < warm) {
            return cosine(start, maxValue, (double) iteration / warm);
        }
        int rest = totalIterations - warm;
        double p = rest <= 0 ? 1 : Math.min(1.0, (double) (iteration - warm) / rest);
        return cosine(maxValue, end, p);
    }

    /** Half-cosine interpolation from {@code a} (p = 0) to {@code b} (p = 1). */
    private static double cosine(double a, double b, double p) {
        return b + (a - b) * (1 + Math.cos(Math.PI * p)) / 2;
    }

    @Override
    public ISchedule clone() {
        return new OneCycleSchedule(maxValue, totalIterations, warmupFraction, divFactor, finalDivFactor);
    }

    public double getMaxValue() {
        return maxValue;
    }

    public void setMaxValue(double maxValue) {
        this.maxValue = maxValue;
    }

    public int getTotalIterations() {
        return totalIterations;
    }

    public void setTotalIterations(int totalIterations) {
        this.totalIterations = totalIterations;
    }

    public double getWarmupFraction() {
        return warmupFraction;
    }

    public void setWarmupFraction(double warmupFraction) {
        this.warmupFraction = warmupFraction;
    }

    public double getDivFactor() {
        return divFactor;
    }

    public void setDivFactor(double divFactor) {
        this.divFactor = divFactor;
    }

    public double getFinalDivFactor() {
        return finalDivFactor;
    }

    public void setFinalDivFactor(double finalDivFactor) {
        this.finalDivFactor = finalDivFactor;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OneCycleSchedule s && s.maxValue == maxValue && s.totalIterations == totalIterations
                && s.warmupFraction == warmupFraction && s.divFactor == divFactor && s.finalDivFactor == finalDivFactor;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(maxValue, totalIterations, warmupFraction, divFactor, finalDivFactor);
    }

    @Override
    public String toString() {
        return "one-cycle(max " + maxValue + ", " + totalIterations + " iterations, warm-up " + warmupFraction + ")";
    }
}
