package io.transfer4j.dsl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the fastest ND4J CPU binary (generic x86-64, AVX2 or AVX-512) this CPU can run, before ND4J loads.
 *
 * <p>How javacpp 1.5.7 (ND4J 1.0.0-M2.1) really chooses, measured here with all three
 * {@code nd4j-native} linux-x86_64 jars on the class path:
 * <ul>
 *   <li>It reads the system property {@value #JAVACPP_KEY} ({@code Loader.loadProperties} copies every
 *       {@code org.bytedeco.javacpp.platform.*} property). The Maven-side name
 *       {@code javacpp.platform.extension} is NOT read at run time: setting it changes nothing.</li>
 *   <li>Without the property javacpp tries every extension the preset declares and loads the AVX-512
 *       jar whenever it is present, whatever the CPU: on a CPU without AVX-512 ND4J then logs
 *       "binaries cannot be run on a CPU without these instructions" and calls {@code System.exit}.</li>
 *   <li>javacpp caches its platform properties on the first {@code Loader.loadProperties()} call (the
 *       first ND4J or javacpp class that loads natives). A property set after that moment is ignored.</li>
 * </ul>
 * ND4J confirms what it loaded with the log line {@code Binary level AVX/AVX2 optimization level AVX512}:
 * "binary level" is the loaded library, "optimization level" what the CPU supports.
 *
 * <p>{@link #select()} runs from ND4J's own start-up through {@link NativesHook} (a service entry ND4J instantiates
 * before it loads any native library), so the choice holds whatever touches ND4J first; it also runs from
 * {@link Network}'s static initialiser in case a repackaged jar lost the service entry. It is idempotent, logs its
 * choice once, and never lets a JVM reach a build its CPU cannot run: an override or an explicit javacpp key naming
 * such a build, or such a build already loaded, is refused with an exception that names the setting.
 *
 * <pre>{@code
 * // override: -Dtransfer4j.natives=avx2  or  TRANSFER4J_NATIVES=generic
 * Natives.Choice c = Natives.select();   // logs "transfer4j natives: avx512 (cpu supports avx512)"
 * }</pre>
 */
public final class Natives {
    /** The run-time key javacpp reads (the Maven-side {@code javacpp.platform.extension} is not read). */
    public static final String JAVACPP_KEY = "org.bytedeco.javacpp.platform.extension";
    /** System property overriding the automatic choice: generic, avx2 or avx512. */
    public static final String OVERRIDE_PROPERTY = "transfer4j.natives";
    /** Environment variable overriding the automatic choice (the system property wins). */
    public static final String OVERRIDE_ENV = "TRANSFER4J_NATIVES";
    /** System property standing in for /proc/cpuinfo's flags (for tests that play another CPU). */
    public static final String CPU_FLAGS_PROPERTY = "transfer4j.natives.cpuflags";

    private static final Logger log = LoggerFactory.getLogger(Natives.class);
    private static Choice selected;

    private Natives() {
    }

    /** The three linux-x86_64 builds of nd4j-native, slowest first. */
    public enum Level {
        GENERIC("", Set.of()),
        AVX2("-avx2", Set.of("avx2", "fma")),
        // libnd4j's avx512 build targets skylake-avx512: F, CD, BW, DQ and VL.
        AVX512("-avx512", Set.of("avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"));

        final String extension;
        final Set<String> requiredFlags;

        Level(String extension, Set<String> requiredFlags) {
            this.extension = extension;
            this.requiredFlags = requiredFlags;
        }

        /** The javacpp platform extension ("" for the generic build). */
        public String extension() {
            return extension;
        }

        /** Whether a CPU with these /proc/cpuinfo flags can run this build. */
        public boolean runsOn(Set<String> cpuFlags) {
            return cpuFlags.containsAll(requiredFlags);
        }

        /** Classpath resource present only when this build's jar is on the class path. */
        String resource() {
            return "org/nd4j/linalg/cpu/nativecpu/bindings/linux-x86_64" + extension + "/libnd4jcpu.so";
        }

        static Level parse(String text, String source) {
            String t = text.trim().toLowerCase(Locale.ROOT);
            for (Level l : values()) {
                if (l.name().toLowerCase(Locale.ROOT).equals(t)) {
                    return l;
                }
            }
            throw new IllegalArgumentException(source + "='" + text + "' is not a native build; use one of "
                    + "generic, avx2, avx512 (or remove it to choose from the CPU flags)");
        }
    }

    /** What was chosen and why (the why is logged). */
    public record Choice(Level level, String reason) {
        @Override
        public String toString() {
            return level.name().toLowerCase(Locale.ROOT) + " (" + reason + ")";
        }
    }

    /**
     * Chooses a build from CPU flags, an optional override and the builds present; pure, for testing.
     *
     * @param cpuFlags  flags from /proc/cpuinfo (empty if unknown)
     * @param override  "generic", "avx2", "avx512" or null
     * @param available which builds' jars are on the class path
     */
    public static Choice choose(Set<String> cpuFlags, String override, Predicate<Level> available) {
        if (override != null && !override.isBlank()) {
            Level wanted = Level.parse(override, OVERRIDE_PROPERTY + "/" + OVERRIDE_ENV);
            if (!available.test(wanted)) {
                throw new IllegalStateException("natives '" + override + "' requested but nd4j-native with classifier "
                        + "linux-x86_64" + wanted.extension + " is not on the class path; add that dependency");
            }
            refuseIfUnsupported(wanted, cpuFlags, OVERRIDE_PROPERTY + "/" + OVERRIDE_ENV + "=" + override);
            return new Choice(wanted, "override");
        }
        Level[] levels = Level.values();
        for (int i = levels.length - 1; i >= 0; i--) {
            Level l = levels[i];
            if (l.runsOn(cpuFlags) && available.test(l)) {
                return new Choice(l, l == Level.GENERIC ? "cpu has no usable avx2/avx512 build"
                        : "cpu supports " + l.name().toLowerCase(Locale.ROOT));
            }
        }
        return new Choice(Level.GENERIC, "no better build available");
    }

    /**
     * Refuses a build this CPU cannot run (it would die with SIGILL at the first op, with no Java exception).
     * An empty flag set means the CPU is unknown (no /proc/cpuinfo): then the user's explicit choice stands.
     */
    static void refuseIfUnsupported(Level wanted, Set<String> cpuFlags, String setting) {
        if (!cpuFlags.isEmpty() && !wanted.runsOn(cpuFlags)) {
            throw new IllegalStateException(setting + " asks for ND4J's " + wanted.name().toLowerCase(Locale.ROOT)
                    + " build, but this CPU lacks " + missing(wanted, cpuFlags) + " and would stop with SIGILL; "
                    + "remove the setting (transfer4j then picks the fastest build this CPU runs) or use "
                    + bestFor(cpuFlags).name().toLowerCase(Locale.ROOT));
        }
    }

    private static Level bestFor(Set<String> cpuFlags) {
        Level best = Level.GENERIC;
        for (Level l : Level.values()) {
            if (l.runsOn(cpuFlags)) {
                best = l;
            }
        }
        return best;
    }

    /** The level a javacpp extension names ("" generic, "-avx2", "-avx512"), or null for another extension. */
    static Level fromExtension(String extension) {
        for (Level l : Level.values()) {
            if (l.extension.equals(extension.trim())) {
                return l;
            }
        }
        return null;
    }

    /** The level of a loaded libnd4jcpu.so, from the directory javacpp extracted it to (".../linux-x86_64-avx2/"). */
    static Level fromLibraryPath(String path) {
        Level found = Level.GENERIC;
        for (Level l : Level.values()) {
            if (!l.extension.isEmpty() && path.contains("linux-x86_64" + l.extension + "/")) {
                found = l;
            }
        }
        return found;
    }

    private static String missing(Level l, Set<String> flags) {
        Set<String> m = new HashSet<>(l.requiredFlags);
        m.removeAll(flags);
        return String.join(",", m.stream().sorted().toList());
    }

    /**
     * Selects the build for this JVM (once) by setting {@value #JAVACPP_KEY}, and logs the choice.
     * Returns null when selection does not apply (not Linux x86-64, or the CPU natives are not on the class
     * path, e.g. the CUDA backend) or when ND4J's library is already mapped into this process (logged as a
     * warning: the choice came too late). A user's own {@value #JAVACPP_KEY} is kept.
     *
     * @throws IllegalStateException when the override, the user's javacpp key or the already loaded library names
     *                               a build this CPU cannot run
     */
    public static synchronized Choice select() {
        if (selected != null) {
            return selected;
        }
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        if (!os.startsWith("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))
                || !present(Level.GENERIC) && !present(Level.AVX2) && !present(Level.AVX512)) {
            return null;
        }
        Set<String> flags = cpuFlags();
        String loaded = loadedNd4jLibrary();
        if (loaded != null) {
            // Too late to choose: only make sure what was loaded can run here (else the first op is a SIGILL).
            refuseIfUnsupported(fromLibraryPath(loaded), flags, "ND4J was loaded before transfer4j could choose ("
                    + loaded + "); it");
            log.warn("transfer4j natives: ND4J was loaded before transfer4j could choose its build ({})", loaded);
            return null;
        }
        String explicit = System.getProperty(JAVACPP_KEY);
        if (explicit != null) {
            Level named = fromExtension(explicit);
            if (named != null) {
                refuseIfUnsupported(named, flags, "-D" + JAVACPP_KEY + "='" + explicit + "'");
            }
            log.info("transfer4j natives: keeping {}={} set by the user", JAVACPP_KEY, explicit);
            selected = new Choice(named == null ? Level.GENERIC : named, "set by the user with " + JAVACPP_KEY);
            return selected;
        }
        String override = System.getProperty(OVERRIDE_PROPERTY, System.getenv(OVERRIDE_ENV));
        Choice c = choose(flags, override, Natives::present);
        System.setProperty(JAVACPP_KEY, c.level().extension());
        // javacpp copies that key into its platform properties once, when something (e.g. OpenCV for DataVec) first
        // loads a javacpp library; set it in the cached copy too, so the choice holds after such a load.
        org.bytedeco.javacpp.Loader.loadProperties().setProperty("platform.extension", c.level().extension());
        log.info("transfer4j natives: {} -> nd4j-native linux-x86_64{}", c, c.level().extension());
        selected = c;
        return c;
    }

    /**
     * The flags line of /proc/cpuinfo (empty when unreadable). The system property {@value #CPU_FLAGS_PROPERTY}
     * replaces it (space-separated flags): tests use it to play a CPU without AVX-512 on one that has it.
     */
    public static Set<String> cpuFlags() {
        String fake = System.getProperty(CPU_FLAGS_PROPERTY);
        if (fake != null) {
            return new HashSet<>(Arrays.asList(fake.trim().split("\\s+")));
        }
        try {
            return parseFlags(Files.readString(Path.of("/proc/cpuinfo")));
        } catch (IOException | SecurityException e) {
            return Set.of();
        }
    }

    /** Parses the first "flags" line of a /proc/cpuinfo text. */
    public static Set<String> parseFlags(String cpuinfo) {
        for (String line : cpuinfo.split("\n")) {
            if (line.startsWith("flags")) {
                int colon = line.indexOf(':');
                return new HashSet<>(Arrays.asList(line.substring(colon + 1).trim().split("\\s+")));
            }
        }
        return Set.of();
    }

    /** Path of an already mapped libnd4jcpu.so (javacpp has chosen, too late to change), or null. */
    private static String loadedNd4jLibrary() {
        try (var lines = Files.lines(Path.of("/proc/self/maps"))) {
            return lines.filter(l -> l.endsWith("/libnd4jcpu.so")).map(l -> l.substring(l.indexOf('/')))
                    .findFirst().orElse(null);
        } catch (IOException | java.io.UncheckedIOException | SecurityException e) {
            return null;
        }
    }

    static boolean present(Level l) {
        return Natives.class.getClassLoader().getResource(l.resource()) != null;
    }
}
