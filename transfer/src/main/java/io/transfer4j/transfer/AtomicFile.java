package io.transfer4j.transfer;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.function.UnaryOperator;

/**
 * Writes a file so that readers only ever see the old complete file or the new complete file: the
 * content goes to a temporary file in the same directory, is flushed to disk, then moved over the
 * target in one atomic rename. A crash or a full disk leaves the previous file untouched and no
 * temporary file behind (when the JVM survives to clean up).
 *
 * <pre>{@code AtomicFile.write(Path.of("model.zip"), out -> out.write(bytes));}</pre>
 */
public final class AtomicFile {
    /** What writes the content. */
    @FunctionalInterface
    public interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFile() {
    }

    /** Writes {@code target} atomically. */
    public static void write(Path target, Body body) throws IOException {
        write(target, body, UnaryOperator.identity());
    }

    /** As {@link #write(Path, Body)}, with the file stream decorated (tests inject faults such as a full disk). */
    static void write(Path target, Body body, UnaryOperator<OutputStream> decorator) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = tempSibling(target, ".tmp");
        boolean done = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE);
                 OutputStream out = new BufferedOutputStream(decorator.apply(Channels.newOutputStream(ch)), 1 << 16)) {
                body.writeTo(out);
                out.flush();
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /** A new empty hidden file next to {@code target} (same directory, so a rename is atomic). */
    static Path tempSibling(Path target, String suffix) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        return Files.createTempFile(dir, "." + target.getFileName() + ".", suffix);
    }
}
