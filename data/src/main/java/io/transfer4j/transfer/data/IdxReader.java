package io.transfer4j.transfer.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Reads IDX files (the MNIST / Fashion-MNIST container format), gzip-compressed or plain; compression is
 * detected from the gzip magic bytes, not from the file name.
 *
 * <p>Format: two zero bytes, a type byte ({@code 0x08} = unsigned byte, the only type MNIST-style files
 * use), the number of dimensions, then one big-endian int per dimension, then the data.
 *
 * <pre>{@code
 * IdxReader.Idx images = IdxReader.read(Path.of("train-images-idx3-ubyte.gz"));
 * int n = images.dims()[0];            // 60000
 * int pixel = images.unsigned(0);      // first byte, 0..255
 * }</pre>
 */
public final class IdxReader {

    private static final int UNSIGNED_BYTE = 0x08;

    private IdxReader() {
    }

    /**
     * An IDX tensor of unsigned bytes.
     *
     * @param dims shape, e.g. {@code [60000, 28, 28]} for images and {@code [60000]} for labels
     * @param data the values in row-major order (read them with {@link #unsigned(int)})
     */
    public record Idx(int[] dims, byte[] data) {
        /** The value at flat index {@code i}, 0..255. */
        public int unsigned(int i) {
            return data[i] & 0xff;
        }

        /** Number of items along the first dimension. */
        public int count() {
            return dims[0];
        }

        @Override
        public String toString() {
            return "Idx" + Arrays.toString(dims);
        }
    }

    /** Reads a file; the error names the file if it is not a valid IDX file. */
    public static Idx read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("IDX file not found: " + file);
        }
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    /**
     * Reads from a stream (gzip or plain), which is not closed.
     *
     * @param source name used in error messages
     */
    public static Idx read(InputStream raw, String source) throws IOException {
        PushbackInputStream peek = new PushbackInputStream(new BufferedInputStream(raw, 1 << 16), 2);
        int b0 = peek.read();
        int b1 = peek.read();
        if (b1 >= 0) {
            peek.unread(b1);
        }
        if (b0 >= 0) {
            peek.unread(b0);
        }
        // 0x1f8b is gzip's magic; an IDX header starts with two zero bytes, so the two cannot be confused.
        InputStream in = (b0 == 0x1f && b1 == 0x8b) ? new BufferedInputStream(new GZIPInputStream(peek, 1 << 16), 1 << 16) : peek;
        DataInputStream data = new DataInputStream(in);
        try {
            int magic = data.readInt();
            if ((magic >>> 16) != 0) {
                throw new IOException(source + " is not an IDX file (magic 0x" + Integer.toHexString(magic)
                        + "; expected 0x00000801 for labels or 0x00000803 for images)");
            }
            int type = (magic >>> 8) & 0xff;
            int rank = magic & 0xff;
            if (type != UNSIGNED_BYTE) {
                throw new IOException(source + ": IDX element type 0x" + Integer.toHexString(type)
                        + " is not supported, only unsigned bytes (0x08)");
            }
            if (rank < 1 || rank > 4) {
                throw new IOException(source + ": IDX rank " + rank + " out of range 1..4");
            }
            int[] dims = new int[rank];
            long total = 1;
            for (int i = 0; i < rank; i++) {
                dims[i] = data.readInt();
                if (dims[i] < 0) {
                    throw new IOException(source + ": negative IDX dimension " + dims[i]);
                }
                total *= dims[i];
            }
            if (total > Integer.MAX_VALUE - 8) {
                throw new IOException(source + ": IDX payload of " + total + " bytes is too large for one array");
            }
            byte[] bytes = new byte[(int) total];
            data.readFully(bytes);
            return new Idx(dims, bytes);
        } catch (EOFException e) {
            throw new IOException(source + " is truncated (incomplete download?): fewer bytes than its IDX header declares", e);
        } catch (java.util.zip.ZipException e) {
            throw new IOException(source + " is a damaged gzip file (" + e.getMessage() + "); download it again", e);
        }
    }
}
