package io.transfer4j.samples.cli;

import io.transfer4j.spark.HasImageInput;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import picocli.CommandLine.Option;

/** Options every {@code transfer4j spark ...} command takes: where Spark runs, the images, batching, bad images. */
final class SparkOptions {
    @Option(names = "--master", description = "Spark master, e.g. local[2] (default: spark-submit's, else local[*])")
    String master;
    @Option(names = "--data", required = true, paramLabel = "DIR|URI",
            description = "folder (or hdfs:// s3a:// ... URI) of images; for finetune one sub-folder per class")
    String data;
    @Option(names = "--batch", defaultValue = "32", description = "images per ONNX Runtime call on the executors (default ${DEFAULT-VALUE})")
    int batch;
    @Option(names = "--bad-images", defaultValue = "fail", description = "fail (stop, naming the file) or skip (leave out, counted)")
    String badImages;

    /** The session: this master, or the one spark-submit configured, or all local cores. */
    SparkSession session(String app) {
        SparkSession.Builder b = SparkSession.builder().appName("transfer4j " + app);
        if (master != null) {
            b.master(master);
        } else if (System.getProperty("spark.master") == null) {
            b.master("local[*]");
        }
        return b.getOrCreate();
    }

    /** Every image file under {@code --data} (jpg, jpeg, png, bmp; any depth) as binaryFile rows, with {@code cls} = parent folder. */
    Dataset<Row> images(SparkSession spark) {
        return spark.read().format("binaryFile").option("recursiveFileLookup", "true")
                .option("pathGlobFilter", "*.{jpg,jpeg,png,bmp,JPG,JPEG,PNG,BMP}").load(data)
                .withColumn("cls", functions.regexp_extract(functions.col("path"), "/([^/]+)/[^/]+$", 1));
    }

    /** {@code stage} reading binaryFile rows ({@code content}) with these batch and bad-image options. */
    <S extends HasImageInput<S>> S apply(S stage) {
        return stage.setInputCol("content").setBatchSize(batch).setBadImagePolicy(policy());
    }

    /** {@code --bad-images}, checked. */
    String policy() {
        String p = badImages.toLowerCase(Locale.ROOT);
        if (!p.equals("fail") && !p.equals("skip")) {
            throw new IllegalArgumentException("--bad-images must be fail or skip, got '" + badImages + "'");
        }
        return p;
    }
}
