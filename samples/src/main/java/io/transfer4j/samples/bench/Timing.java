package io.transfer4j.samples.bench;

import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * Throughput of a repeated step after warm-up, two ways: from the median wall-clock step time, and from the
 * process CPU time the timed steps used. On a machine shared with other jobs the wall figure drops when
 * others run; CPU time per image stays closer to the work actually done, so comparisons report both.
 */
final class Timing {
    /** Images per second by wall clock (median step) and by process CPU time (all timed steps). */
    record Rate(double wall, double cpu) {
    }

    private Timing() {
    }

    static Rate imagesPerSecond(int warmup, int iters, int batch, Runnable step) {
        for (int i = 0; i < warmup; i++) {
            step.run();
        }
        long[] nanos = new long[iters];
        long cpu0 = processCpuNanos();
        for (int i = 0; i < iters; i++) {
            long t0 = System.nanoTime();
            step.run();
            nanos[i] = System.nanoTime() - t0;
        }
        long cpu = processCpuNanos() - cpu0;
        Arrays.sort(nanos);
        double median = iters % 2 == 1 ? nanos[iters / 2] : (nanos[iters / 2 - 1] + nanos[iters / 2]) / 2.0;
        // Images per CPU-second of the whole process (one OpenMP thread in BenchMain's children: one core's worth).
        return new Rate(batch / (median / 1e9), cpu <= 0 ? Double.NaN : (double) batch * iters / (cpu / 1e9));
    }

    static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }
}
