package io.transfer4j.transfer;

import java.nio.file.Path;

/** A model file that cannot be written or read; the message names the file and what to do. */
public class ModelFileException extends RuntimeException {
    private final Path file;

    public ModelFileException(Path file, String message, Throwable cause) {
        super(message, cause);
        this.file = file;
    }

    /** The file concerned. */
    public Path file() {
        return file;
    }
}
