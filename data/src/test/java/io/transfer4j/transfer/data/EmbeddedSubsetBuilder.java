package io.transfer4j.transfer.data;

import io.transfer4j.transfer.io.AtomicFiles;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * Regenerates the Fashion-MNIST subset embedded in the jar from the real files: the first
 * {@code trainPerClass} / {@code testPerClass} images of each class, in file order (the official files are
 * already shuffled), written as gzip IDX files with the official names.
 *
 * <pre>
 * java -cp data/target/classes:data/target/test-classes:... io.transfer4j.transfer.data.EmbeddedSubsetBuilder \
 *     /usr/share/datasets/fashion-mnist data/src/main/resources/io/transfer4j/transfer/data/fashion-mnist 500 100
 * </pre>
 */
public final class EmbeddedSubsetBuilder {

    private EmbeddedSubsetBuilder() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            System.err.println("usage: EmbeddedSubsetBuilder <fashion-mnist dir> <output dir> <train per class> <test per class>");
            System.exit(2);
        }
        Path in = Path.of(args[0]);
        Path out = Path.of(args[1]);
        Files.createDirectories(out);
        int trainPerClass = Integer.parseInt(args[2]);
        int testPerClass = Integer.parseInt(args[3]);
        write(in, out, FashionMnist.File.TRAIN_IMAGES, FashionMnist.File.TRAIN_LABELS, trainPerClass);
        write(in, out, FashionMnist.File.TEST_IMAGES, FashionMnist.File.TEST_LABELS, testPerClass);
    }

    private static void write(Path in, Path out, FashionMnist.File imagesFile, FashionMnist.File labelsFile, int perClass)
            throws IOException {
        IdxReader.Idx images = IdxReader.read(FashionMnist.fileIn(in, imagesFile).orElseThrow(
                () -> new IOException(imagesFile.gzName() + " not in " + in)));
        IdxReader.Idx labels = IdxReader.read(FashionMnist.fileIn(in, labelsFile).orElseThrow(
                () -> new IOException(labelsFile.gzName() + " not in " + in)));
        int pixels = images.dims()[1] * images.dims()[2];
        int classes = FashionMnist.CLASS_NAMES.size();
        int[] taken = new int[classes];
        int total = perClass * classes;
        byte[] x = new byte[total * pixels];
        byte[] y = new byte[total];
        int k = 0;
        for (int i = 0; i < labels.count() && k < total; i++) {
            int c = labels.unsigned(i);
            if (taken[c] < perClass) {
                taken[c]++;
                System.arraycopy(images.data(), i * pixels, x, k * pixels, pixels);
                y[k] = (byte) c;
                k++;
            }
        }
        if (k < total) {
            throw new IOException("only " + k + " of " + total + " images found in " + in);
        }
        writeIdx(out.resolve(imagesFile.gzName()), new int[] {total, images.dims()[1], images.dims()[2]}, x);
        writeIdx(out.resolve(labelsFile.gzName()), new int[] {total}, y);
        System.out.printf("%s: %d images (%d per class), %s: %d bytes%n", imagesFile.gzName(), total, perClass,
                out.resolve(imagesFile.gzName()), Files.size(out.resolve(imagesFile.gzName())));
    }

    /** Writes an unsigned-byte IDX file, gzip-compressed, atomically (a crash never leaves a truncated .gz). */
    static void writeIdx(Path target, int[] dims, byte[] data) throws IOException {
        AtomicFiles.write(target, os -> {
            try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(os, 1 << 16) {
                { def.setLevel(java.util.zip.Deflater.BEST_COMPRESSION); }
            })) {
                out.writeInt(0x00000800 | dims.length);
                for (int d : dims) {
                    out.writeInt(d);
                }
                out.write(data);
            }
        });
    }
}
