package io.transfer4j.transfer.train;

import io.transfer4j.transfer.data.Rows;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Cached features too big for the memory budget: one float32 file of {@code [n, width]} rows read back
 * row by row (the OS page cache does the caching), labels in memory. Random access keeps the batches
 * identical to the in-memory path. The file is temporary and deleted on {@link #close()}.
 */
final class DiskRows implements Rows {
    private final Path file;
    private final FileChannel channel;
    private final long[] exampleShape;
    private final int width;
    private final java.util.List<INDArray> labelBatches = new java.util.ArrayList<>();
    private INDArray labels;
    private int count;

    DiskRows(Path dir, long[] exampleShape) throws IOException {
        Files.createDirectories(dir);
        this.file = Files.createTempFile(dir, "features", ".f32");
        this.channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.DELETE_ON_CLOSE);
        this.exampleShape = exampleShape;
        long w = 1;
        for (long d : exampleShape) {
            w *= d;
        }
        this.width = Math.toIntExact(w);
    }

    /** Appends a batch of features {@code [b, ...]} and labels {@code [b, classes]}. */
    void append(INDArray features, INDArray batchLabels) {
        int b = (int) features.size(0);
        float[] data = features.reshape('c', b, width).dup('c').data().asFloat();
        ByteBuffer buf = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(data);
        try {
            long pos = (long) count * width * 4;
            while (buf.hasRemaining()) {
                pos += channel.write(buf, pos);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write cached features to " + file + " (disk full? set a larger "
                    + "cacheMemoryBudgetBytes or free space in java.io.tmpdir): " + e.getMessage(), e);
        }
        labelBatches.add(batchLabels.dup());
        labels = null;
        count += b;
    }

    @Override
    public int size() {
        return count;
    }

    @Override
    public DataSet batch(int[] rows) {
        if (labels == null) {
            labels = Nd4j.concat(0, labelBatches.toArray(INDArray[]::new));
        }
        float[] out = new float[rows.length * width];
        ByteBuffer buf = ByteBuffer.allocate(width * 4).order(ByteOrder.LITTLE_ENDIAN);
        try {
            for (int i = 0; i < rows.length; i++) {
                buf.clear();
                long pos = (long) rows[i] * width * 4;
                while (buf.hasRemaining()) {
                    int r = channel.read(buf, pos + buf.position());
                    if (r < 0) {
                        throw new IOException("unexpected end of feature cache at row " + rows[i]);
                    }
                }
                buf.flip();
                buf.asFloatBuffer().get(out, i * width, width);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read cached features from " + file + ": " + e.getMessage(), e);
        }
        long[] shape = new long[exampleShape.length + 1];
        shape[0] = rows.length;
        System.arraycopy(exampleShape, 0, shape, 1, exampleShape.length);
        return new DataSet(Nd4j.create(out, shape, 'c'), Nd4j.pullRows(labels, 1, rows));
    }

    @Override
    public void close() {
        try {
            channel.close();
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a temp file left behind is harmless
        }
    }
}
