package io.transfer4j.transfer.data;

/**
 * What an image-folder pipeline does with a file it cannot use (corrupt, truncated, not an image despite
 * its extension, or larger than the pixel limit).
 *
 * <pre>{@code
 * ImageFolder.of(root).onBadFile(BadFilePolicy.FAIL)   // stop at the first bad file, naming it
 * }</pre>
 */
public enum BadFilePolicy {
    /** Leave the file out and log a warning listing every such file (the default). */
    SKIP_WITH_WARNING,
    /** Throw an {@link ImageFolderException} naming the file(s) and the reason. */
    FAIL
}
