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
        Natives.Choice risky = Natives.choose(HASWELL, "avx512", l -> true);
        assertEquals(Level.AVX512, risky.level());
        assertTrue(risky.reason().contains("lacks avx512bw,avx512cd,avx512dq,avx512f,avx512vl"), risky.reason());
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

    /** A fresh JVM that only uses the DSL: Network's static initialiser must choose before ND4J loads. */
    @Test
    void theDslChoosesBeforeNd4jLoadsInAFreshJvm() throws Exception {
        // Only where the CPU natives are on the class path (not with the -Pgpu profile).
        assumeTrue(getClass().getClassLoader().getResource(Level.GENERIC.resource()) != null, "no linux-x86_64 CPU natives");
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(javaBin, "-Xmx256m", "-Dtransfer4j.natives=generic", "-cp",
                System.getProperty("java.class.path"), NativesProbe.class.getName())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertTrue(out.contains("transfer4j natives: generic (override)"), out);
        // ND4J's own report of the library it loaded (without the choice javacpp would load the AVX-512 jar here).
        assertTrue(out.contains("Binary level Generic x86"), out);
    }
}
