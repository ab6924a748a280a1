package io.transfer4j.spark;

import io.transfer4j.dsl.Natives;
import io.transfer4j.transfer.pretrained.PretrainedFashionCnn;
import io.transfer4j.zoo.weights.ModelCache;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/**
 * The tests' one SparkSession: a real local cluster of 2 task threads, where a failed task is retried (up to 3
 * attempts, {@code local[2,3]}), started on first use and shared by every test class of the fork.
 */
final class TestSpark {
    private static SparkSession spark;

    private TestSpark() {
    }

    static synchronized SparkSession session() {
        if (spark == null) {
            Natives.select();
            spark = SparkSession.builder().master("local[2,3]").appName("transfer4j-spark-tests")
                    .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
                    .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                    // tiny data: compiling each query's Java code costs more than interpreting it
                    .config("spark.sql.codegen.wholeStage", "false")
                    .getOrCreate();
        }
        return spark;
    }

    /** The shipped Fashion-MNIST CNN (28x28 gray, transfer4j model file): a small real pretrained trunk. */
    static Path fashionCnn() {
        return PretrainedFashionCnn.install(ModelCache.fromEnvironment());
    }
}
