package io.transfer4j.spark;

import io.transfer4j.transfer.TransferModel;
import io.transfer4j.zoo.Pooling;
import java.util.List;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A Spark ML {@link Transformer} that adds a vector column of trunk features to a column of images. The trunk (the
 * model up to {@code layer}, average-pooled) is built and exported to ONNX once on the driver; its bytes are
 * broadcast and every executor JVM opens one ONNX Runtime session that all its tasks share. Each image is decoded
 * and preprocessed exactly as {@code Classifier} / {@code ImageFolder} do on one machine, so the features equal
 * the single-machine ones (within 1e-5).
 *
 * <pre>{@code
 * Dataset<Row> images = spark.read().format("binaryFile").load("s3://bucket/photos/");
 * Dataset<Row> features = new TrunkFeaturizer().setInputCol("content").setOutputCol("features")
 *         .setModel("resnet50").setWeights("imagenet").setBatchSize(32).transform(images);
 * }</pre>
 *
 * Rows from {@code spark.read().format("image")} work too (input column {@code image}). Gray, RGBA and 16-bit
 * images are converted; an image that cannot be decoded fails the job naming its path, or with
 * {@code setBadImagePolicy("skip")} is left out, logged and counted ({@link #skippedImages()}).
 */
public final class TrunkFeaturizer extends Transformer
        implements HasImageInput<TrunkFeaturizer>, HasTrunk<TrunkFeaturizer>, DefaultParamsWritable {
    private final String uid;
    private final ImageParams image;
    private final TrunkParams trunk;
    private final Param<String> outputCol;
    private transient ModelSpec exported;
    private transient String exportedFor;
    private transient SkipCount skipped;

    public TrunkFeaturizer() {
        this(Identifiable$.MODULE$.randomUID("trunkFeaturizer"));
    }

    public TrunkFeaturizer(String uid) {
        this.uid = uid;
        image = new ImageParams(this);
        trunk = new TrunkParams(this);
        outputCol = new Param<>(this, "outputCol", "output column of feature vectors");
        setDefault(outputCol, "features");
    }

    @Override
    public String uid() {
        return uid;
    }

    @Override
    public ImageParams imageParams() {
        return image;
    }

    @Override
    public TrunkParams trunkParams() {
        return trunk;
    }

    public Param<String> outputCol() { return outputCol; }

    public TrunkFeaturizer setOutputCol(String v) { set(outputCol, v); return this; }

    /** The trunk these parameters describe, built on this JVM: headless at {@code layer}, average-pooled. */
    public TransferModel buildTrunk() {
        return trunk.base(this).headless(trunk.layer(this), Pooling.AVG);
    }

    /**
     * Images the last {@link #transform} left out as bad (skip policy), counted once its result was computed; each
     * input partition counts once, however often Spark computed it (retries, speculation, several actions).
     */
    public long skippedImages() {
        return skipped == null ? 0 : skipped.value();
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        SparkSession spark = dataset.sparkSession();
        ModelSpec spec = spec(spark);
        skipped = SkipCount.register(spark.sparkContext(), "transfer4j skipped images (" + uid + ")");
        return ImageStage.run(dataset, $(image.inputCol), $(image.pathCol), spec, (Integer) $(image.batchSize),
                ImageParams.policy($(image.badImagePolicy)),
                skipped, List.of(outputField()), (row, out) -> ImageStage.append(row, ImageStage.vector(out)));
    }

    /** The exported trunk, made once per parameter set and Spark context. */
    private ModelSpec spec(SparkSession spark) {
        String key = $(trunk.model) + "|" + $(trunk.weights) + "|" + $(trunk.layer) + "|" + $(trunk.imageSize) + "|"
                + spark.sparkContext().applicationId();
        if (exported == null || !key.equals(exportedFor)) {
            exported = DriverModels.export(spark, buildTrunk());
            exportedFor = key;
        }
        return exported;
    }

    private StructField outputField() {
        return DataTypes.createStructField($(outputCol), SQLDataTypes.VectorType(), false);
    }

    @Override
    public StructType transformSchema(StructType schema) {
        return ImageStage.outputSchema(schema, $(image.inputCol), List.of(outputField()));
    }

    @Override
    public TrunkFeaturizer copy(ParamMap extra) {
        return (TrunkFeaturizer) defaultCopy(extra);
    }

    public static MLReader<TrunkFeaturizer> read() {
        return new DefaultParamsReader<>();
    }

    public static TrunkFeaturizer load(String path) {
        return read().load(path);
    }
}
