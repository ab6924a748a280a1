package io.transfer4j.samples.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The performance harness: runs every comparison side by side, each scenario in its own child JVM (the
 * native build is chosen once per JVM), prints a table of absolute figures and ratios, and writes
 * {@code BENCHMARKS.md}. Benchmarks, not tests: nothing here asserts a time.
 *
 * <pre>
 * mvn -B -q -o compile dependency:build-classpath -pl samples -am -Dmdep.outputFile=target/bench.cp
 * java -cp samples/target/classes:$(cat samples/target/bench.cp) io.transfer4j.samples.bench.BenchMain [BENCHMARKS.md]
 * </pre>
 */
public final class BenchMain {
    /** Settings for ordinary runs: heap only holds Java objects, arrays live off-heap. */
    static final List<String> DEFAULT_JVM = List.of("-Xmx2g",
            "-Dorg.bytedeco.javacpp.maxbytes=6g", "-Dorg.bytedeco.javacpp.maxphysicalbytes=8g");
    /**
     * The 6 GB budget for VGG16 fine-tuning: 1 GB of heap, ND4J's off-heap arrays capped at 4.5 GB,
     * and the whole process (heap + off-heap + JVM) at 6 GB: javacpp throws OutOfMemoryError beyond that.
     */
    static final List<String> VGG_JVM = List.of("-Xmx1g",
            "-Dorg.bytedeco.javacpp.maxbytes=4500m", "-Dorg.bytedeco.javacpp.maxphysicalbytes=6g");

    /**
     * One OpenMP thread per child: on a machine loaded far beyond its cores, ND4J's threads spin-wait for
     * each other while descheduled, which inflates CPU time and wall time alike; with one thread the CPU
     * time a step takes is the work it does, so ratios compare work, not luck in scheduling.
     */
    static final java.util.Map<String, String> ENV = java.util.Map.of("OMP_NUM_THREADS", "1");

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "BENCHMARKS.md");
        long t0 = System.nanoTime();
        List<ChildRun> runs = new ArrayList<>();
        // Waves of concurrent child JVMs keep the run short on a loaded 2-core machine. Comparisons that need
        // the same conditions sit inside one JVM (interleaved) or in one wave (natives generic vs chosen).
        // Waves sized so that their peak memory (VGG16 children up to 6 GB each) fits the machine.
        runs.addAll(wave(List.of(
                new Step("vgg16-frozen", "vgg16-frozen", VGG_JVM),
                new Step("vgg16-full-micro", "vgg16-full-micro", VGG_JVM),
                new Step("natives-generic", "natives", with(DEFAULT_JVM, "-Dtransfer4j.natives=generic")),
                new Step("natives-chosen", "natives", DEFAULT_JVM),
                new Step("labcnn", "labcnn", DEFAULT_JVM)), 1800));
        runs.addAll(wave(List.of(
                new Step("vgg16-full", "vgg16-full", VGG_JVM),
                new Step("layout", "layout", DEFAULT_JVM),
                new Step("profile", "profile", DEFAULT_JVM)), 1800));
        runs.addAll(wave(List.of(
                new Step("resnet50", "resnet50", DEFAULT_JVM),
                new Step("bnfold", "bnfold", DEFAULT_JVM),
                new Step("headtrain", "headtrain", DEFAULT_JVM)), 1800));
        double minutes = (System.nanoTime() - t0) / 60e9;
        BenchReport report = new BenchReport(runs, minutes);
        System.out.println();
        System.out.println(report.table());
        report.write(out);
        System.out.println("wrote " + out.toAbsolutePath());
    }

    /** One child JVM to run: a label for the report, the BenchChild scenario, JVM options. */
    record Step(String label, String scenario, List<String> jvm) {
    }

    /** Runs the steps' child JVMs at the same time and waits for all of them. */
    static List<ChildRun> wave(List<Step> steps, long timeoutSeconds) throws InterruptedException {
        List<ChildRun> done = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (Step s : steps) {
            System.out.println("== start " + s.label() + " " + String.join(" ", s.jvm()));
            Thread t = new Thread(() -> {
                ChildRun r = ChildRun.run(s.label(), s.scenario(), s.jvm(), ENV, timeoutSeconds);
                System.out.printf("== done %s: %.0f s, peak RSS %d MB%s%n", s.label(), r.seconds, r.peakRssMB,
                        r.failure == null ? "" : ", FAILED: " + r.failure);
                done.add(r);
            }, "wave-" + s.label());
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        return done;
    }

    static List<String> with(List<String> base, String extra) {
        List<String> l = new ArrayList<>(base);
        l.add(extra);
        return l;
    }
}
