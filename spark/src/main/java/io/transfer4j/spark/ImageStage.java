package io.transfer4j.spark;

import io.transfer4j.transfer.data.BadFilePolicy;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A Spark transformation that runs an exported model over an image column and appends columns made from each
 * output (the common body of {@link TrunkFeaturizer} and {@link TransferClassifierModel}). Every input row comes out
 * once, extended — or, when skipped as a bad image, not at all.
 */
final class ImageStage {
    private ImageStage() {
    }

    /** Checks the input column and returns the output schema ({@code schema} plus {@code added}). */
    static StructType outputSchema(StructType schema, String inputCol, List<StructField> added) {
        ImageRows.kind(schema, inputCol);
        StructType out = schema;
        for (StructField f : added) {
            if (Arrays.asList(schema.fieldNames()).contains(f.name())) {
                throw new IllegalArgumentException("output column '" + f.name() + "' already exists; choose another name");
            }
            out = out.add(f);
        }
        return out;
    }

    static Dataset<Row> run(Dataset<?> data, String inputCol, String pathCol, ModelSpec spec, int batchSize, BadFilePolicy policy,
                            SkipCount skipped, List<StructField> added, PartitionRunner.RowOutput output) {
        Dataset<Row> df = data.toDF();
        StructType schema = df.schema();
        StructType out = outputSchema(schema, inputCol, added);
        int pathIndex = pathCol != null && Arrays.asList(schema.fieldNames()).contains(pathCol) ? schema.fieldIndex(pathCol) : -1;
        PartitionRunner runner = new PartitionRunner(spec, ImageRows.kind(schema, inputCol), schema.fieldIndex(inputCol), pathIndex,
                batchSize, policy, skipped, output);
        JavaRDD<Row> rows = df.javaRDD().mapPartitionsWithIndex(runner, false);
        return df.sparkSession().createDataFrame(rows, out);
    }

    /** {@code row}'s values followed by {@code extra}. */
    static Row append(Row row, Object... extra) {
        Object[] values = new Object[row.size() + extra.length];
        for (int i = 0; i < row.size(); i++) {
            values[i] = row.get(i);
        }
        System.arraycopy(extra, 0, values, row.size(), extra.length);
        return RowFactory.create(values);
    }

    /** A float output as Spark ML's double vector. */
    static org.apache.spark.ml.linalg.Vector vector(float[] values) {
        double[] d = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            d[i] = values[i];
        }
        return org.apache.spark.ml.linalg.Vectors.dense(d);
    }
}
