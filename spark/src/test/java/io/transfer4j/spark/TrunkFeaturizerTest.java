package io.transfer4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.transfer4j.transfer.TransferModel;
import io.transfer4j.transfer.data.ImageFiles;
import io.transfer4j.transfer.onnx.Engine;
import io.transfer4j.transfer.pretrained.FashionCnn;
import io.transfer4j.zoo.Pooling;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** TrunkFeaturizer on a real local[2] Spark against the single-machine path, bad images, and a retried task. */
class TrunkFeaturizerTest {
    private static final AtomicInteger FAILED_ATTEMPTS = new AtomicInteger();

    private final SparkSession spark = TestSpark.session();

    private TrunkFeaturizer featurizer(String inputCol) {
        return new TrunkFeaturizer().setInputCol(inputCol).setModel(TestSpark.fashionCnn().toString())
                .setLayer(FashionCnn.FEATURE_LAYER).setBatchSize(3);
    }

    /** What one machine computes for each file: the model's own loader and preprocessing, the ONNX Runtime Engine. */
    private static Map<String, float[]> singleMachine(List<Path> files, Path cache) throws Exception {
        TransferModel trunk = TransferModel.load(TestSpark.fashionCnn()).headless(FashionCnn.FEATURE_LAYER, Pooling.AVG);
        var pre = trunk.preprocessing();
        Map<String, float[]> out = new HashMap<>();
        try (Engine e = Engine.create(Engine.Kind.ONNX_RUNTIME, trunk.graph(), trunk.inputShapes(), null, cache)) {
            for (Path f : files) {
                INDArray x = pre.apply(ImageFiles.load(f, pre.height(), pre.width(), pre.channels()));
                out.put(f.getFileName().toString(), e.output(x).toFloatVector());
            }
        }
        return out;
    }

    private static void assertSameFeatures(Map<String, float[]> expected, List<Row> rows, String nameCol, String featuresCol) {
        assertEquals(expected.size(), rows.size());
        for (Row row : rows) {
            String name = Path.of(row.<String>getAs(nameCol).replace("file:", "")).getFileName().toString();
            double[] actual = row.<Vector>getAs(featuresCol).toArray();
            float[] want = expected.get(name);
            assertEquals(want.length, actual.length, name);
            for (int i = 0; i < want.length; i++) {
                assertEquals(want[i], actual[i], 1e-5, name + " feature " + i);
            }
        }
    }

    @Test
    void binaryFileFeaturesEqualSingleMachineFeatures(@TempDir Path dir) throws Exception {
        List<Path> files = TestImages.mixedKinds(dir.resolve("img"));
        Dataset<Row> rows = spark.read().format("binaryFile").load(dir.resolve("img").toString());
        List<Row> out = featurizer("content").transform(rows).select("path", "features").collectAsList();
        assertSameFeatures(singleMachine(files, dir.resolve("onnx")), out, "path", "features");
    }

    /** Spark's image source decodes with ImageIO; for lossless 8-bit files its pixels are OpenCV's (JPEG decoders differ). */
    @Test
    void imageSourceFeaturesEqualSingleMachineFeatures(@TempDir Path dir) throws Exception {
        List<Path> files = TestImages.mixedKinds(dir.resolve("img")).stream()
                .filter(f -> List.of("rgb.png", "gray.png", "rgba.png").contains(f.getFileName().toString())).toList();
        Files.delete(dir.resolve("img/gray16.png"));
        Files.delete(dir.resolve("img/photo.jpg"));
        Dataset<Row> rows = spark.read().format("image").load(dir.resolve("img").toString());
        List<Row> out = featurizer("image").transform(rows).selectExpr("image.origin AS origin", "features").collectAsList();
        assertSameFeatures(singleMachine(files, dir.resolve("onnx")), out, "origin", "features");
    }

    @Test
    void badImagesFailNamingTheFileOrAreSkippedAndCounted(@TempDir Path dir) throws Exception {
        TestImages.stripes(dir.resolve("img"), 2, 1);
        TestImages.badFiles(dir.resolve("img/horizontal"));
        Dataset<Row> rows = spark.read().format("binaryFile").option("recursiveFileLookup", "true").load(dir.resolve("img").toString());

        Exception e = assertThrows(Exception.class, () -> featurizer("content").transform(rows).count());
        String message = String.valueOf(e.getMessage());
        assertTrue(message.contains("corrupt.png") || message.contains("empty.png"), message);
        assertTrue(message.contains("badImagePolicy"), message);

        // Spark's file sources never hand over zero-length files, so only the corrupt one reaches the featurizer.
        TrunkFeaturizer skipping = featurizer("content").setBadImagePolicy("skip");
        Dataset<Row> kept = skipping.transform(rows);
        assertEquals(6, kept.count());
        // Two more actions compute every partition again (a LongAccumulator would say 3): still counted once.
        assertEquals(6, kept.count());
        kept.write().format("noop").mode("overwrite").save();
        assertEquals(1, skipping.skippedImages(), "each partition's skips count once, however often it is computed");
    }

    /** What the file sources filter out is still handled per row: empty bytes and a null image column. */
    @Test
    void emptyAndNullImagesAreBadRowsNamingTheirPath() {
        var schema = new org.apache.spark.sql.types.StructType().add("path", "string").add("content", "binary");
        Row empty = new org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema(new Object[] {"file:/x/empty.png", new byte[0]}, schema);
        Row missing = new org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema(new Object[] {"file:/x/gone.png", null}, schema);
        for (Row r : List.of(empty, missing)) {
            String origin = ImageRows.origin(r, ImageRows.Kind.FILE_BYTES, 1, 0);
            Exception e = assertThrows(java.io.IOException.class, () -> ImageRows.read(r, ImageRows.Kind.FILE_BYTES, 1, origin, 28, 28, 1));
            assertTrue(e.getMessage().startsWith(r.getString(0)), e.getMessage());
        }
    }

    /**
     * The first attempt of one task dies mid-partition (after its first rows were featurized); Spark retries it and
     * every image comes out exactly once, through the executor's same ONNX Runtime session; a bad file among them is
     * skipped and counted once.
     */
    @Test
    void aTaskKilledMidPartitionIsRetriedAndEveryRowComesOutOnce(@TempDir Path dir) throws Exception {
        List<Path> files = TestImages.stripes(dir.resolve("img"), 4, 2);
        TestImages.badFiles(dir.resolve("img/vertical"));
        Dataset<Row> rows = spark.read().format("binaryFile").option("recursiveFileLookup", "true")
                .load(dir.resolve("img").toString()).repartition(2);
        FAILED_ATTEMPTS.set(0);
        TrunkFeaturizer skipping = featurizer("content").setBadImagePolicy("skip");
        Dataset<String> paths = skipping.transform(rows).select("path")
                .mapPartitions((MapPartitionsFunction<Row, String>) it -> {
                    List<String> seen = new java.util.ArrayList<>();
                    TaskContext task = TaskContext.get();
                    while (it.hasNext()) {
                        seen.add(it.next().getString(0));
                        if (task.partitionId() == 1 && task.attemptNumber() == 0 && seen.size() == 2) {
                            FAILED_ATTEMPTS.incrementAndGet();
                            throw new IllegalStateException("killed on purpose mid-partition (first attempt)");
                        }
                    }
                    return seen.iterator();
                }, Encoders.STRING());
        List<String> out = paths.collectAsList();
        assertEquals(1, FAILED_ATTEMPTS.get(), "the first attempt of partition 1 failed once");
        assertEquals(files.size(), out.size());
        assertEquals(files.size(), out.stream().distinct().count());
        assertEquals(1, skipping.skippedImages(), "the corrupt file, counted once over both attempts");
    }

    @Test
    void aBadInputColumnIsNamed() {
        Dataset<Row> rows = spark.range(3).toDF();
        Exception e = assertThrows(IllegalArgumentException.class, () -> featurizer("content").transformSchema(rows.schema()));
        assertTrue(e.getMessage().contains("'content'"), e.getMessage());
    }
}
