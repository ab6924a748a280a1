package io.transfer4j.samples.cli;

import io.transfer4j.transfer.io.ConsoleOutput;
import java.io.PrintStream;

/**
 * The CLI's global {@code --quiet} and {@code --log-format auto|plain|json}, applied to {@link ConsoleOutput} for
 * the run of one command and undone afterwards (tests run many commands in one JVM). With {@code json} every line
 * on stderr is a JSON object: epochs and download steps are events, log records are wrapped by {@link JsonLogStream}.
 */
final class LogFormat implements AutoCloseable {
    /** slf4j-simple's level property for transfer4j's loggers (read when a logger is created). */
    private static final String LOG_LEVEL = "org.slf4j.simpleLogger.log.io.transfer4j";
    private final PrintStream savedErr = System.err;
    private final String savedLevel = System.getProperty(LOG_LEVEL);

    /** {@code --log-format}: {@code auto} (bars on a terminal, plain lines elsewhere), {@code plain} or {@code json}. */
    static void apply(String format) {
        switch (format) {
            case "auto" -> ConsoleOutput.use(null);
            case "plain" -> ConsoleOutput.use(ConsoleOutput.Mode.LINES);
            case "json" -> {
                ConsoleOutput.use(ConsoleOutput.Mode.JSON);
                if (!(System.err instanceof JsonLogStream)) {
                    System.setErr(new JsonLogStream(System.err));
                }
            }
            default -> throw new IllegalArgumentException("--log-format must be auto, plain or json, got '" + format + "'");
        }
    }

    /** {@code --quiet}: no progress and no info log; results, warnings and errors still print. */
    static void quiet() {
        ConsoleOutput.use(ConsoleOutput.Mode.QUIET);
        System.setProperty(LOG_LEVEL, "warn");
    }

    /** Whether errors should be written as JSON objects. */
    static boolean json() {
        return ConsoleOutput.mode() == ConsoleOutput.Mode.JSON;
    }

    @Override
    public void close() {
        System.err.flush();
        System.setErr(savedErr);
        ConsoleOutput.use(null);
        if (savedLevel == null) {
            System.clearProperty(LOG_LEVEL);
        } else {
            System.setProperty(LOG_LEVEL, savedLevel);
        }
    }
}
