package io.transfer4j.zoo.weights;

import java.nio.file.Path;

/** A file's checksum differs from the pinned one; the file has not been placed in the cache. */
public class HashMismatchException extends WeightsException {
    private final Path file;
    private final String expected;
    private final String actual;

    public HashMismatchException(String message, Path file, String expected, String actual) {
        super(message);
        this.file = file;
        this.expected = expected;
        this.actual = actual;
    }

    /** The file that was checked. */
    public Path file() {
        return file;
    }

    /** The pinned checksum. */
    public String expected() {
        return expected;
    }

    /** The checksum the file actually has. */
    public String actual() {
        return actual;
    }
}
