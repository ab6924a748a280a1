package io.transfer4j.dsl;

import java.lang.management.ManagementFactory;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Where a process spends its time: named phases (load weights, build, export, featurize, train, evaluate,
 * save, reload, ...) timed in wall-clock and process CPU seconds, for the command line's {@code --verbose}
 * breakdown and the benchmarks. Library code marks its phases; nothing is printed unless someone asks.
 * A phase inside another is counted once, in the inner one (times are exclusive), so the rows add up.
 *
 * <pre>{@code
 * ComputationGraph g = PhaseTimes.time("build", () -> net.graph());
 * System.err.print(PhaseTimes.table());     // phase, wall s, CPU s, calls
 * }</pre>
 *
 * Phases are recorded process-wide (all threads), as one command runs them one after the other.
 */
public final class PhaseTimes {
    /** One phase's totals: exclusive wall and process-CPU seconds over {@code calls} calls. */
    public record Phase(String name, double wallSeconds, double cpuSeconds, int calls) {
    }

    private static final class Open {
        final String name;
        final long wall0;
        final long cpu0;
        long childWall;
        long childCpu;

        Open(String name) {
            this.name = name;
            this.wall0 = System.nanoTime();
            this.cpu0 = cpuNanos();
        }
    }

    private static final Map<String, long[]> TOTALS = new LinkedHashMap<>();   // name -> {wall, cpu, calls}
    private static final ThreadLocal<Deque<Open>> OPEN = ThreadLocal.withInitial(ArrayDeque::new);

    private PhaseTimes() {
    }

    /** Runs {@code work} as phase {@code name} and returns its result. */
    public static <T> T time(String name, Supplier<T> work) {
        Deque<Open> stack = OPEN.get();
        Open o = new Open(name);
        stack.push(o);
        try {
            return work.get();
        } finally {
            stack.pop();
            long wall = System.nanoTime() - o.wall0;
            long cpu = cpuNanos() - o.cpu0;
            Open parent = stack.peek();
            if (parent != null) {
                parent.childWall += wall;
                parent.childCpu += cpu;
            }
            add(name, wall - o.childWall, cpu - o.childCpu);
        }
    }

    /** Runs {@code work} as phase {@code name}. */
    public static void time(String name, Runnable work) {
        time(name, () -> {
            work.run();
            return null;
        });
    }

    private static synchronized void add(String name, long wall, long cpu) {
        long[] t = TOTALS.computeIfAbsent(name, k -> new long[3]);
        t[0] += wall;
        t[1] += cpu;
        t[2]++;
    }

    /** The phases recorded so far, in the order they first ran. */
    public static synchronized List<Phase> phases() {
        List<Phase> out = new ArrayList<>();
        TOTALS.forEach((n, t) -> out.add(new Phase(n, t[0] / 1e9, t[1] / 1e9, (int) t[2])));
        return out;
    }

    /** Forgets every recorded phase. */
    public static synchronized void reset() {
        TOTALS.clear();
    }

    /**
     * The breakdown as a table: a first row for the JVM's start-up until the first phase (class loading,
     * natives), one row per phase, the rest of the process so far ("other") and the total since the JVM started.
     */
    public static String table() {
        List<Phase> ps = phases();
        double up = ManagementFactory.getRuntimeMXBean().getUptime() / 1e3;
        double cpuAll = cpuNanos() / 1e9;
        double wallSum = ps.stream().mapToDouble(Phase::wallSeconds).sum();
        double cpuSum = ps.stream().mapToDouble(Phase::cpuSeconds).sum();
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-22s %9s %9s %6s%n", "phase", "wall s", "CPU s", "calls"));
        for (Phase p : ps) {
            sb.append(String.format(Locale.ROOT, "%-22s %9.2f %9.2f %6d%n", p.name(), p.wallSeconds(), p.cpuSeconds(), p.calls()));
        }
        sb.append(String.format(Locale.ROOT, "%-22s %9.2f %9.2f%n", "other (JVM start, ...)", up - wallSum, cpuAll - cpuSum));
        sb.append(String.format(Locale.ROOT, "%-22s %9.2f %9.2f%n", "total (process)", up, cpuAll));
        return sb.toString();
    }

    /** CPU time of the whole process (all threads, native ones included), in nanoseconds. */
    public static long cpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }
}
