package io.transfer4j.samples.bench;

import io.transfer4j.transfer.data.FashionMnist;
import io.transfer4j.transfer.data.ImageFolder;
import io.transfer4j.transfer.data.ImageFolderData;
import io.transfer4j.transfer.data.ImageFolderExport;
import io.transfer4j.transfer.data.Augment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * Prints how fast the image-folder pipeline delivers batches: images per second for one epoch without and with
 * augmentation, and the wall time of an epoch whose consumer needs {@code workMs} per batch, without and with
 * background prefetch (the overlap prefetch buys).
 *
 * <pre>
 * java -cp ... io.transfer4j.samples.bench.ImageFolderBenchmark [folder] [size] [batch] [workMs]
 * </pre>
 * Without a folder, the embedded Fashion-MNIST test subset (1,000 images) is exported to a temp folder first.
 */
public final class ImageFolderBenchmark {

    private ImageFolderBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path folder;
        if (args.length > 0 && !args[0].equals("-")) {
            folder = Path.of(args[0]);
        } else {
            folder = Files.createTempDirectory("t4j-bench");
            long t0 = System.nanoTime();
            int n = ImageFolderExport.write(FashionMnist.embedded().test(), folder, Integer.MAX_VALUE);
            System.out.printf(Locale.ROOT, "exported %d Fashion-MNIST PNGs to %s in %.1f s%n", n, folder, (System.nanoTime() - t0) / 1e9);
        }
        int size = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        long workMs = args.length > 3 ? Long.parseLong(args[3]) : 50;
        long t0 = System.nanoTime();
        ImageFolder base = ImageFolder.of(folder).inputSize(size, size, 3).split(1.0, 0, 0).batchSize(batch);
        ImageFolderData plain = base.prefetch(0).load();
        System.out.printf(Locale.ROOT, "scan + split of %d images: %.2f s%n", plain.split().train().size(), (System.nanoTime() - t0) / 1e9);
        epoch("decode+resize, no augmentation", plain.train(), 0);
        epoch("decode+resize, standard augmentation", base.prefetch(0).augment(Augment.standard()).load().train(), 0);
        epoch("consumer " + workMs + " ms/batch, no prefetch", plain.train(), workMs);
        epoch("consumer " + workMs + " ms/batch, prefetch 4", base.prefetch(4).load().train(), workMs);
    }

    private static void epoch(String label, DataSetIterator it, long workMs) throws InterruptedException {
        long t0 = System.nanoTime();
        int n = 0;
        while (it.hasNext()) {
            n += it.next().numExamples();
            if (workMs > 0) {
                Thread.sleep(workMs); // stands in for a training step running elsewhere (GPU / other cores)
            }
        }
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "%-48s %6d images %7.2f s %8.1f images/s%n", label, n, s, n / s);
    }
}
