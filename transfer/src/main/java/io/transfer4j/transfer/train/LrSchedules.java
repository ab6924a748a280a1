package io.transfer4j.transfer.train;

import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.InverseSchedule;
import org.nd4j.linalg.schedule.RampSchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.linalg.schedule.StepSchedule;

/**
 * Learning-rate schedules by the names the course uses (seed 001), counted in epochs unless said
 * otherwise. DL4J's own {@link ISchedule} classes are used where they exist; cosine and one-cycle are ours.
 * Each is a function of (iteration, epoch) that DL4J stores in the network configuration, so a resumed run
 * continues at the same point of its schedule.
 *
 * <pre>{@code
 * TrainingConfig.builder(30).schedule(LrSchedules.exponential(1e-3, 0.1)).build();
 * }</pre>
 */
public final class LrSchedules {
    private LrSchedules() {
    }

    /** Step decay: {@code α0 · factor^floor(epoch / everyEpochs)} (reduce by a factor every few epochs). */
    public static ISchedule step(double alpha0, double factor, int everyEpochs) {
        positive("everyEpochs", everyEpochs);
        return new StepSchedule(ScheduleType.EPOCH, alpha0, factor, everyEpochs);
    }

    /** Exponential decay {@code α0 · e^(−k·t)}, t in epochs (DL4J's {@code α0·γ^t} with {@code γ = e^(−k)}). */
    public static ISchedule exponential(double alpha0, double k) {
        return new ExponentialSchedule(ScheduleType.EPOCH, alpha0, Math.exp(-k));
    }

    /** 1/t decay {@code α0 / (1 + k·t)}, t in epochs (DL4J's inverse schedule with power 1). */
    public static ISchedule inverseTime(double alpha0, double k) {
        return new InverseSchedule(ScheduleType.EPOCH, alpha0, k, 1);
    }

    /** Cosine annealing from {@code alpha0} to {@code alphaMin} over {@code epochs} epochs. */
    public static ISchedule cosine(double alpha0, double alphaMin, int epochs) {
        return new CosineSchedule(ScheduleType.EPOCH, alpha0, alphaMin, epochs);
    }

    /** One cycle over {@code totalIterations} (= epochs × batches per epoch), fastai's defaults. */
    public static ISchedule oneCycle(double maxLr, int totalIterations) {
        return new OneCycleSchedule(maxLr, totalIterations);
    }

    /** Linear warm-up from 0 over the first {@code iterations} iterations, then {@code schedule} (DL4J's ramp). */
    public static ISchedule warmup(ISchedule schedule, int iterations) {
        positive("warm-up iterations", iterations);
        return new RampSchedule(schedule, iterations);
    }

    private static void positive(String what, int v) {
        if (v <= 0) {
            throw new IllegalArgumentException(what + " must be positive, got " + v);
        }
    }
}
