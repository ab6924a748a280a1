package io.transfer4j.transfer.data;

/**
 * A problem with an image folder or one of its files (no classes, an empty class, a corrupt image, a split
 * file that does not match the folder, ...). The message names the folder or file and says how to fix it.
 */
public class ImageFolderException extends RuntimeException {

    public ImageFolderException(String message) {
        super(message);
    }

    public ImageFolderException(String message, Throwable cause) {
        super(message, cause);
    }
}
