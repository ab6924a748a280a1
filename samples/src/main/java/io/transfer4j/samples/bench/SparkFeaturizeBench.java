package io.transfer4j.samples.bench;

import io.transfer4j.spark.TrunkFeaturizer;
import io.transfer4j.transfer.TransferModel;
import io.transfer4j.transfer.data.ImageFiles;
import io.transfer4j.transfer.onnx.Engine;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import javax.imageio.ImageIO;
import org.apache.spark.sql.SparkSession;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Featurization throughput (images/s) of {@link TrunkFeaturizer} on Spark {@code local[1]} and {@code local[2]},
 * and of the single-machine path (ImageFiles + preprocessing + ONNX Runtime {@link Engine}, batches of 32), on the
 * same synthetic JPEGs, in one JVM. Wall time and process CPU time for each; each Spark run is one job over all
 * images ({@code write().format("noop")}) after a warm-up job that opens the executor's session.
 *
 * <pre>{@code
 * mvn -B -q -o -pl samples -am compile exec:java -Dexec.mainClass=io.transfer4j.samples.bench.SparkFeaturizeBench \
 *     -Dexec.args="resnet50 224 1000" -Dexec.jvmArgs="..."   # or: java -cp ... with the spark.opens flags
 * }</pre>
 * Args: zoo model (random weights: speed does not depend on them), image size, image counts (several allowed).
 */
public final class SparkFeaturizeBench {
    private static final int BATCH = 32;

    private SparkFeaturizeBench() {
    }

    public static void main(String[] args) throws Exception {
        io.transfer4j.dsl.Natives.select();
        String model = args.length > 0 ? args[0] : "resnet50";
        int size = args.length > 1 ? Integer.parseInt(args[1]) : 224;
        List<Integer> counts = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            counts.add(Integer.parseInt(args[i]));
        }
        if (counts.isEmpty()) {
            counts.add(1000);
        }
        Path dir = Files.createTempDirectory("transfer4j-spark-bench");
        System.out.printf(Locale.ROOT, "model %s %dx%d, batch %d, %d cores, images in %s%n", model, size, size, BATCH,
                Runtime.getRuntime().availableProcessors(), dir);
        System.out.println("images  engine(single JVM) img/s wall | cpu   local[1] img/s wall | cpu   local[2] img/s wall | cpu");
        for (int n : counts) {
            Path images = Files.createDirectories(dir.resolve("n" + n));
            List<Path> files = write(images, n, size);
            double[] single = single(model, size, files);
            double[] one = spark("local[1]", model, size, images, n);
            double[] two = spark("local[2]", model, size, images, n);
            System.out.printf(Locale.ROOT, "%6d  %8.1f | %6.1f              %8.1f | %6.1f       %8.1f | %6.1f%n",
                    n, single[0], single[1], one[0], one[1], two[0], two[1]);
        }
    }

    /** {@code n} random-noise JPEGs of {@code size}x{@code size} (decoding cost like photos of that size). */
    private static List<Path> write(Path dir, int n, int size) throws Exception {
        Random r = new Random(1);
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    img.setRGB(x, y, r.nextInt(0x1000000));
                }
            }
            Path f = dir.resolve("img" + i + ".jpg");
            ImageIO.write(img, "jpg", f.toFile());
            files.add(f);
        }
        return files;
    }

    private static TrunkFeaturizer featurizer(String model, int size) {
        return new TrunkFeaturizer().setInputCol("content").setModel(model).setWeights("none").setImageSize(size).setBatchSize(BATCH);
    }

    /** The single-machine path, as Classifier / feature caching run it. Returns {wall img/s, cpu img/s}. */
    private static double[] single(String model, int size, List<Path> files) throws Exception {
        TransferModel trunk = featurizer(model, size).buildTrunk();
        var pre = trunk.preprocessing();
        try (Engine e = Engine.create(Engine.Kind.ONNX_RUNTIME, trunk.graph(), trunk.inputShapes(), null, Engine.defaultCacheDir())) {
            e.output(pre.apply(ImageFiles.load(files.get(0), pre.height(), pre.width(), pre.channels())));   // warm-up
            long cpu0 = Timing.processCpuNanos();
            long t0 = System.nanoTime();
            for (int start = 0; start < files.size(); start += BATCH) {
                List<INDArray> batch = new ArrayList<>();
                for (Path f : files.subList(start, Math.min(files.size(), start + BATCH))) {
                    batch.add(ImageFiles.load(f, pre.height(), pre.width(), pre.channels()));
                }
                e.output(pre.apply(Nd4j.concat(0, batch.toArray(INDArray[]::new))));
            }
            return rates(files.size(), System.nanoTime() - t0, Timing.processCpuNanos() - cpu0);
        }
    }

    /** One featurization job over the folder on a fresh session at {@code master}. Returns {wall img/s, cpu img/s}. */
    private static double[] spark(String master, String model, int size, Path images, int n) {
        SparkSession spark = SparkSession.builder().master(master).appName("transfer4j bench " + master)
                .config("spark.ui.enabled", "false").getOrCreate();
        try {
            TrunkFeaturizer f = featurizer(model, size);
            var rows = spark.read().format("binaryFile").load(images.toString());
            f.transform(rows.limit(BATCH)).write().format("noop").mode("overwrite").save();   // warm-up: export, broadcast, session
            long cpu0 = Timing.processCpuNanos();
            long t0 = System.nanoTime();
            f.transform(rows).write().format("noop").mode("overwrite").save();
            return rates(n, System.nanoTime() - t0, Timing.processCpuNanos() - cpu0);
        } finally {
            spark.stop();
        }
    }

    private static double[] rates(int n, long wallNanos, long cpuNanos) {
        return new double[] {n / (wallNanos / 1e9), n / (cpuNanos / 1e9)};
    }
}
