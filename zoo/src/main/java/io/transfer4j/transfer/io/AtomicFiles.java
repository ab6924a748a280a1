package io.transfer4j.transfer.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a file so that readers see either the old complete file or the new complete file, never a half:
 * the bytes go to a temporary file in the same directory, are forced to disk, and the temporary file is
 * then renamed over the target (an atomic rename on POSIX file systems). If anything fails (disk full, the
 * writer throws, the process dies) the previous file is untouched and the temporary file is removed (or,
 * after a kill, left as {@code .<name>.*.tmp}, which nothing reads).
 *
 * <pre>{@code
 * AtomicFiles.write(Path.of("model.zip"), out -> ModelSerializer.writeModel(graph, out, true));
 * }</pre>
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Produces the content of a file on the given stream. */
    @FunctionalInterface
    public interface Writer {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Temp files are created owner-only (0600); a saved model or report should read like any other file (0644). */
    private static void readableByAll(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException notPosix) {
            // other file systems keep their own defaults
        }
    }

    /** Writes {@code target} atomically with the content {@code writer} produces. */
    public static void write(Path target, Writer writer) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + abs.getFileName(), ".tmp");
        readableByAll(tmp);
        boolean moved = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                 OutputStream raw = java.nio.channels.Channels.newOutputStream(ch);
                 OutputStream out = new BufferedOutputStream(new NonClosing(raw), 1 << 16)) {
                writer.writeTo(out);
                out.flush();
                ch.force(true);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
            syncDirectory(dir);
        } catch (IOException | RuntimeException | Error e) {
            if (!moved) {
                Files.deleteIfExists(tmp);
            }
            throw e;
        }
    }

    /** Makes the rename itself durable; not all platforms allow opening a directory, which is harmless. */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // best effort: the data itself is already forced
        }
    }

    /**
     * {@code out} behind a wrapper whose {@code close()} only flushes: writers such as ModelSerializer close
     * the stream they are given, while the caller still needs it (to force a channel, or for the next zip entry).
     */
    public static OutputStream keepOpen(OutputStream out) {
        return new NonClosing(out);
    }

    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
