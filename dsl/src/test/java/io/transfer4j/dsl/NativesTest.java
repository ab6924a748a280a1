package io.transfer4j.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.transfer4j.dsl.Natives.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NativesTest {
    static final Set<String> SKYLAKE_X = Set.of("sse4_2", "avx", "avx2", "fma", "avx512f", "avx512cd",
            "avx512bw", "avx512dq", "avx512vl");
    static final Set<String> HASWELL = Set.of("sse4_2", "avx", "avx2", "fma");
    static final Set<String> OLD = Set.of("sse4_2", "avx");

    @Test
    void picksTheBestBuildTheCpuRuns() {
        assertEquals(Level.AVX512, Natives.choose(SKYLAKE_X, null, l -> true).level());
        assertEquals(Level.AVX2, Natives.choose(HASWELL, null, l -> true).level());
        assertEquals(Level.GENERIC, Natives.choose(OLD, null, l -> true).level());
        assertEquals(Level.GENERIC, Natives.choose(Set.of(), null, l -> true).level());
    }

    @Test
    void avx512NeedsTheSkylakeSubsetNotJustF() {
        // Xeon Phi (KNL) has avx512f but not bw/dq/vl, which libnd4j's avx512 build uses.
        Set<String> knl = Set.of("avx2", "fma", "avx512f", "avx512cd", "avx512er", "avx512pf");
        assertEquals(Level.AVX2, Natives.choose(knl, null, l -> true).level());
    }

    @Test
    void fallsBackWhenAJarIsMissing() {
        assertEquals(Level.AVX2, Natives.choose(SKYLAKE_X, null, l -> l != Level.AVX512).level());
        assertEquals(Level.GENERIC, Natives.choose(SKYLAKE_X, null, l -> l == Level.GENERIC).level());
    }

    @Test
    void overrideWinsAndIsCaseInsensitive() {
        Natives.Choice c = Natives.choose(SKYLAKE_X, "Generic", l -> true);
        assertEquals(Level.GENERIC, c.level());
        assertTrue(c.reason().startsWith("override"), c.reason());
        assertEquals(Level.AVX2, Natives.choose(SKYLAKE_X, "avx2", l -> true).level());
    }

    @Test
    void anOverrideTheCpuCannotRunIsRefusedNotAttempted() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Natives.choose(HASWELL, "avx512", l -> true));
        assertTrue(e.getMessage().contains("lacks avx512bw,avx512cd,avx512dq,avx512f,avx512vl")
                && e.getMessage().contains("transfer4j.natives") && e.getMessage().contains("use avx2"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> Natives.choose(OLD, "avx2", l -> true));
        // An unknown CPU (no /proc/cpuinfo) keeps the user's explicit choice.
        assertEquals(Level.AVX512, Natives.choose(Set.of(), "avx512", l -> true).level());
    }

    @Test
    void readsTheBuildFromTheExtractedLibraryPath() {
        String cache = "/root/.javacpp/cache/nd4j-native-1.0.0-M2.1-linux-x86_64%s.jar/org/nd4j/linalg/cpu/nativecpu/"
                + "bindings/linux-x86_64%s/libnd4jcpu.so";
        assertEquals(Level.AVX512, Natives.fromLibraryPath(String.format(cache, "-avx512", "-avx512")));
        assertEquals(Level.AVX2, Natives.fromLibraryPath(String.format(cache, "-avx2", "-avx2")));
        assertEquals(Level.GENERIC, Natives.fromLibraryPath(String.format(cache, "", "")));
        assertEquals(Level.AVX2, Natives.fromExtension("-avx2"));
        assertEquals(Level.GENERIC, Natives.fromExtension(""));
        assertEquals(null, Natives.fromExtension("-onednn"));
    }

    @Test
    void badOverrideNamesTheSettingAndTheChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Natives.choose(HASWELL, "sse", l -> true));
        assertTrue(e.getMessage().contains("transfer4j.natives") && e.getMessage().contains("avx512"), e.getMessage());
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> Natives.choose(HASWELL, "avx2", l -> l == Level.GENERIC));
        assertTrue(missing.getMessage().contains("linux-x86_64-avx2"), missing.getMessage());
    }

    @Test
    void extensionsAreWhatJavacppExpects() {
        assertEquals("", Level.GENERIC.extension());
        assertEquals("-avx2", Level.AVX2.extension());
        assertEquals("-avx512", Level.AVX512.extension());
    }

    @Test
    void parsesCpuinfo() {
        String cpuinfo = "processor\t: 0\nmodel name\t: X\nflags\t\t: fpu sse avx2 fma avx512f\nbugs\t\t: x\n"
                + "processor\t: 1\nflags\t\t: fpu\n";
        assertEquals(Set.of("fpu", "sse", "avx2", "fma", "avx512f"), Natives.parseFlags(cpuinfo));
        assertEquals(Set.of(), Natives.parseFlags("nothing here"));
    }

    /** A fresh JVM that only uses the DSL. */
    @Test
    void theDslChoosesBeforeNd4jLoadsInAFreshJvm() throws Exception {
        ChildRun r = probe("dsl-first", "-Dtransfer4j.natives=generic");
        assertEquals(0, r.exit, r.out);
        assertTrue(r.out.contains("transfer4j natives: generic (override)"), r.out);
        // ND4J's own report of the library it loaded (without the choice javacpp would load the AVX-512 jar here).
        assertTrue(r.out.contains("Binary level Generic x86"), r.out);
    }

    /**
     * Issue 28: a fresh JVM whose main touches ND4J before any transfer4j class, with the automatic choice and with
     * every build this CPU runs forced by the override. Before the ND4J service hook this died with SIGILL on a CPU
     * without AVX-512 (javacpp loaded the AVX-512 build).
     */
    @Test
    void nd4jFirstRunsWithEveryBuildThisCpuSupports() throws Exception {
        Set<String> flags = Natives.cpuFlags();
        Natives.Choice auto = Natives.choose(flags, null, Natives::present);
        ChildRun r = probe("nd4j-first");
        assertEquals(0, r.exit, r.out);
        assertTrue(r.out.contains("transfer4j natives: " + auto), r.out);
        assertTrue(r.out.contains("backend=CpuBackend"), r.out);
        for (Level l : Level.values()) {
            if (l.runsOn(flags) && Natives.present(l)) {
                String name = l.name().toLowerCase(java.util.Locale.ROOT);
                ChildRun forced = probe("nd4j-first", "-Dtransfer4j.natives=" + name);
                assertEquals(0, forced.exit, forced.out);
                assertTrue(forced.out.contains("transfer4j natives: " + name + " (override)"), forced.out);
                assertTrue(forced.out.contains("Binary level " + BINARY_LEVEL.get(l) + " optimization"), forced.out);
            }
        }
    }

    /** A build the CPU lacks is refused with a Java exception before it is loaded: played with a CPU without AVX2. */
    @Test
    void aForcedBuildTheCpuLacksFailsWithAJavaExceptionNotSigill() throws Exception {
        ChildRun r = probe("nd4j-first", "-Dtransfer4j.natives=avx2", "-D" + Natives.CPU_FLAGS_PROPERTY + "=sse4_2 avx");
        assertEquals(1, r.exit, r.out);   // an uncaught exception in main, not 134 (SIGILL/abort)
        assertTrue(r.out.contains("NativeBuildError") && r.out.contains("lacks avx2,fma")
                && r.out.contains("transfer4j.natives"), r.out);
        ChildRun javacpp = probe("nd4j-first", "-D" + Natives.JAVACPP_KEY + "=-avx512",
                "-D" + Natives.CPU_FLAGS_PROPERTY + "=sse4_2 avx avx2 fma");
        assertEquals(1, javacpp.exit, javacpp.out);
        assertTrue(javacpp.out.contains(Natives.JAVACPP_KEY + "='-avx512'") && javacpp.out.contains("use avx2"),
                javacpp.out);
    }

    /** How ND4J's "Binary level X optimization level Y" log line names the library it loaded. */
    static final java.util.Map<Level, String> BINARY_LEVEL = java.util.Map.of(Level.GENERIC, "Generic x86",
            Level.AVX2, "AVX/AVX2", Level.AVX512, "AVX512");

    record ChildRun(int exit, String out) {
    }

    private ChildRun probe(String mode, String... jvmOptions) throws Exception {
        // Only where the CPU natives are on the class path (not with the -Pgpu profile).
        assumeTrue(Natives.present(Level.GENERIC), "no linux-x86_64 CPU natives");
        java.util.List<String> cmd = new java.util.ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx256m");
        cmd.addAll(java.util.List.of(jvmOptions));
        cmd.addAll(java.util.List.of("-cp", System.getProperty("java.class.path"), NativesProbe.class.getName(), mode));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new ChildRun(p.waitFor(), out);
    }
}
