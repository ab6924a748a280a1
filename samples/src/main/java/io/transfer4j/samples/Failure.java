package io.transfer4j.samples;

import java.io.PrintWriter;
import java.io.UncheckedIOException;

/**
 * How the command line and the samples report a failure: one line with the message that names the problem
 * (not a wrapper's), and the stack trace only when {@code TRANSFER4J_DEBUG} is set.
 */
public final class Failure {
    private Failure() {
    }

    /** The message of the innermost cause that says something, skipping wrappers such as UncheckedIOException. */
    public static String message(Throwable e) {
        Throwable root = e;
        while ((root instanceof UncheckedIOException || root.getMessage() == null) && root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    /** Whether stack traces are wanted ({@code TRANSFER4J_DEBUG} set). */
    public static boolean debug() {
        return System.getenv("TRANSFER4J_DEBUG") != null;
    }

    /** Prints {@code error: <message>} and, in debug mode, the stack trace. */
    public static void report(Throwable e, PrintWriter err) {
        err.println("error: " + message(e));
        if (debug()) {
            e.printStackTrace(err);
        }
    }
}
