package io.transfer4j.transfer.io;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.nd4j.shade.jackson.core.JsonProcessingException;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * The one output policy every progress display in transfer4j consults (training epochs, downloads), so that
 * a log file never fills with carriage-return frames:
 * <ul>
 *   <li>{@link Mode#BAR}: live progress bars, redrawn in place — only on a terminal;</li>
 *   <li>{@link Mode#LINES}: one plain line per epoch, or per {@value #DOWNLOAD_STEP_PERCENT}% of a download;</li>
 *   <li>{@link Mode#JSON}: one JSON object per epoch or event, one per line, on the event stream (stderr);</li>
 *   <li>{@link Mode#QUIET}: no progress at all (results, warnings and errors only).</li>
 * </ul>
 * The default is {@code BAR} when {@link System#console()} exists (standard input and output are a terminal),
 * {@code LINES} otherwise; the system property {@code transfer4j.output} ({@code bar|lines|json|quiet}) or
 * {@link #use} overrides it (the CLI's {@code --quiet} and {@code --log-format json} do).
 *
 * <pre>{@code
 * ConsoleOutput.use(ConsoleOutput.Mode.JSON);   // e.g. in a pipeline
 * ConsoleOutput.event("epoch", Map.of("epoch", 3, "loss", 0.41), System.out, "epoch 3/10  loss 0.4100");
 * }</pre>
 */
public final class ConsoleOutput {
    /** How progress is shown. */
    public enum Mode { BAR, LINES, JSON, QUIET }

    /** System property choosing the mode ({@code bar|lines|json|quiet}). */
    public static final String PROPERTY = "transfer4j.output";
    /** A download in {@link Mode#LINES} or {@link Mode#JSON} reports every this many percent. */
    public static final int DOWNLOAD_STEP_PERCENT = 10;


    /** Made at the first JSON event: creating an ObjectMapper loads ~340 classes, a third of {@code --help}'s start-up. */
    private static final class Mapper {
        static final ObjectMapper JSON = new ObjectMapper();
    }
    private static volatile Mode chosen;
    private static volatile PrintStream events;

    private ConsoleOutput() {
    }

    /** The mode in force: the one {@link #use}d, else the system property, else detected from the console. */
    public static Mode mode() {
        Mode m = chosen;
        if (m != null) {
            return m;
        }
        String p = System.getProperty(PROPERTY);
        if (p != null && !p.isBlank()) {
            try {
                return Mode.valueOf(p.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("-D" + PROPERTY + "=" + p + " is not one of bar, lines, json, quiet", e);
            }
        }
        return System.console() != null ? Mode.BAR : Mode.LINES;
    }

    /** Sets the mode for the whole process ({@code null}: back to the property / detection). */
    public static void use(Mode mode) {
        chosen = mode;
    }

    /** Where JSON events go (default: the current {@link System#err}; {@code null} restores that). */
    public static void eventStream(PrintStream out) {
        events = out;
    }

    /** Whether live, redrawn progress bars may be drawn. */
    public static boolean bars() {
        return mode() == Mode.BAR;
    }

    /**
     * Reports one event: {@code text} on {@code textOut} in {@code BAR} and {@code LINES} mode, a JSON object
     * {@code {"event": name, ...fields}} on the event stream in {@code JSON} mode, nothing when {@code QUIET}.
     */
    public static void event(String name, Map<String, ?> fields, PrintStream textOut, String text) {
        switch (mode()) {
            case BAR, LINES -> textOut.println(text);
            case JSON -> {
                PrintStream out = events != null ? events : System.err;
                out.println(json(name, fields));
                out.flush();
            }
            case QUIET -> {
            }
        }
    }

    /**
     * {@code {"event": name, ...fields}} on one line; a non-finite number becomes {@code null} (JSON has no NaN).
     */
    public static String json(String name, Map<String, ?> fields) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("event", name);
        fields.forEach((k, v) -> m.put(k, v instanceof Double d && !Double.isFinite(d) ? null : v));
        try {
            return Mapper.JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write event " + name + " as JSON: " + e.getMessage(), e);
        }
    }
}
