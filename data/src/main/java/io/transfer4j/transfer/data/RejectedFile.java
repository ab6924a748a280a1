package io.transfer4j.transfer.data;

import java.nio.file.Path;

/**
 * An image file left out of the pipeline, and why.
 *
 * @param path   the file
 * @param reason e.g. "cannot be decoded as an image (corrupt or truncated)"
 */
public record RejectedFile(Path path, String reason) {
    @Override
    public String toString() {
        return path + ": " + reason;
    }
}
