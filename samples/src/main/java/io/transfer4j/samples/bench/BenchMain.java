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

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "BENCHMARKS.md");
        long t0 = System.nanoTime();
        List<ChildRun> runs = new ArrayList<>();
        runs.add(step("labcnn", "labcnn", DEFAULT_JVM, 240));
        runs.add(step("resnet50", "resnet50", DEFAULT_JVM, 400));
        runs.add(step("natives-generic", "natives", with(DEFAULT_JVM, "-Dtransfer4j.natives=generic"), 300));
        runs.add(step("natives-chosen", "natives", DEFAULT_JVM, 300));
        runs.add(step("bnfold", "bnfold", DEFAULT_JVM, 300));
        runs.add(step("layout", "layout", DEFAULT_JVM, 300));
        runs.add(step("vgg16-frozen", "vgg16-frozen", VGG_JVM, 400));
        runs.add(step("vgg16-full", "vgg16-full", VGG_JVM, 400));
        runs.add(step("profile", "profile", DEFAULT_JVM, 300));
        double minutes = (System.nanoTime() - t0) / 60e9;
        BenchReport report = new BenchReport(runs, minutes);
        System.out.println();
        System.out.println(report.table());
        report.write(out);
        System.out.println("wrote " + out.toAbsolutePath());
    }

    static List<String> with(List<String> base, String extra) {
        List<String> l = new ArrayList<>(base);
        l.add(extra);
        return l;
    }

    private static ChildRun step(String label, String scenario, List<String> jvm, long timeoutSeconds) {
        System.out.println("== " + label + " " + String.join(" ", jvm));
        ChildRun r = ChildRun.run(label, scenario, jvm, timeoutSeconds);
        System.out.printf("   %s: %.0f s, peak RSS %d MB%s%n", label, r.seconds, r.peakRssMB,
                r.failure == null ? "" : ", FAILED: " + r.failure);
        return r;
    }
}
