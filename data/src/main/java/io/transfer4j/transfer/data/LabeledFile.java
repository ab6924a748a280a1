package io.transfer4j.transfer.data;

import java.nio.file.Path;

/**
 * One image file and its class index.
 *
 * @param path  the image
 * @param label index into the folder's sorted class names
 */
public record LabeledFile(Path path, int label) {
}
