package io.transfer4j.spark;

import io.transfer4j.transfer.TransferModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.SparkContext;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.Option;

/**
 * Batch inference with a transfer4j model on Spark: adds the class probabilities (vector), the predicted class index
 * (double, as Spark ML classifiers do), its label, and the top-k labels. Made by {@link TransferClassifier#fit}, or
 * from any saved transfer4j model file ({@link #fromModelFile}); the whole model runs in ONNX Runtime on the
 * executors, preprocessed as on one machine.
 *
 * <pre>{@code
 * TransferClassifierModel m = TransferClassifierModel.fromModelFile(Path.of("roads.zip")).setInputCol("content");
 * m.transform(spark.read().format("binaryFile").load("new-photos/")).select("path", "predictedLabel", "topLabels")
 *         .write().parquet("predictions.parquet");
 * }</pre>
 *
 * Spark ML persistence ({@code write().save(dir)}, {@link #load}) stores the parameters and the transfer4j model file
 * ({@value #MODEL_FILE} in that directory, on any Hadoop file system).
 */
public final class TransferClassifierModel extends Model<TransferClassifierModel>
        implements HasImageInput<TransferClassifierModel>, MLWritable {
    /** The transfer4j model file inside a Spark ML save directory. */
    public static final String MODEL_FILE = "transfer4j-model.zip";
    private final String uid;
    private final transient TransferModel model;
    private final ImageParams image;
    private final Param<String> probabilityCol;
    private final Param<String> predictionCol;
    private final Param<String> predictedLabelCol;
    private final Param<String> topKCol;
    private final IntParam topK;
    private transient ModelSpec exported;
    private transient String exportedFor;
    private transient SkipCount skipped;

    /** For Spark ML's reflection (copy, load); a model without a transfer4j model cannot transform. */
    public TransferClassifierModel(String uid) {
        this(uid, null);
    }

    TransferClassifierModel(String uid, TransferModel model) {
        if (model != null && model.isMultiLabel()) {   // its columns are one class per image: argmax would silently mislead
            throw new IllegalArgumentException("model '" + model.name() + "' is multi-label (one sigmoid per label): "
                    + "TransferClassifierModel predicts one class per image; predict its labels with Classifier.predictLabels");
        }
        this.uid = uid;
        this.model = model;
        image = new ImageParams(this);
        probabilityCol = new Param<>(this, "probabilityCol", "output column of class probabilities (vector)");
        predictionCol = new Param<>(this, "predictionCol", "output column of the predicted class index (double)");
        predictedLabelCol = new Param<>(this, "predictedLabelCol", "output column of the predicted class label");
        topKCol = new Param<>(this, "topKCol", "output column of the k most probable labels, best first");
        topK = new IntParam(this, "topK", "labels in the top-k column", org.apache.spark.ml.param.ParamValidators.gt(0));
        setDefault(probabilityCol, "probability");
        setDefault(predictionCol, "prediction");
        setDefault(predictedLabelCol, "predictedLabel");
        setDefault(topKCol, "topLabels");
        setDefault(topK, 3);
    }

    /** A model for any transfer4j model file (an image classifier), with default column names. */
    public static TransferClassifierModel fromModelFile(Path file) {
        return new TransferClassifierModel(Identifiable$.MODULE$.randomUID("transferClassifierModel"), TransferModel.load(file));
    }

    @Override
    public String uid() {
        return uid;
    }

    /** The transfer4j model: frozen trunk, head, labels, preprocessing. */
    public TransferModel transferModel() {
        if (model == null) {
            throw new IllegalStateException("this TransferClassifierModel has no transfer4j model; make it with"
                    + " TransferClassifier.fit, fromModelFile or load");
        }
        return model;
    }

    /** Saves the transfer4j model file that {@code Classifier.load} and {@code ./transfer4j predict} read. */
    public void saveModelFile(Path file) {
        transferModel().save(file);
    }

    @Override
    public ImageParams imageParams() {
        return image;
    }

    public Param<String> probabilityCol() { return probabilityCol; }
    public Param<String> predictionCol() { return predictionCol; }
    public Param<String> predictedLabelCol() { return predictedLabelCol; }
    public Param<String> topKCol() { return topKCol; }
    public IntParam topK() { return topK; }

    public TransferClassifierModel setProbabilityCol(String v) { set(probabilityCol, v); return this; }
    public TransferClassifierModel setPredictionCol(String v) { set(predictionCol, v); return this; }
    public TransferClassifierModel setPredictedLabelCol(String v) { set(predictedLabelCol, v); return this; }
    public TransferClassifierModel setTopKCol(String v) { set(topKCol, v); return this; }
    public TransferClassifierModel setTopK(int v) { set(topK, v); return this; }

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
        TransferModel m = transferModel();
        String key = spark.sparkContext().applicationId();
        if (exported == null || !key.equals(exportedFor)) {
            exported = DriverModels.export(spark, m);
            exportedFor = key;
        }
        String[] labels = m.labels().toArray(String[]::new);
        int k = Math.min((Integer) $(topK), labels.length);
        skipped = SkipCount.register(spark.sparkContext(), "transfer4j skipped images (" + uid + ")");
        return ImageStage.run(dataset, $(image.inputCol), $(image.pathCol), exported, (Integer) $(image.batchSize),
                ImageParams.policy($(image.badImagePolicy)),
                skipped, outputFields(), (row, p) -> ImageStage.append(row, ImageStage.vector(p), (double) best(p)[0],
                        labels[best(p)[0]], top(labels, p, k)));
    }

    /** Class indices by falling probability. */
    private static Integer[] best(float[] p) {
        Integer[] idx = new Integer[p.length];
        Arrays.setAll(idx, i -> i);
        Arrays.sort(idx, (a, b) -> Float.compare(p[b], p[a]));
        return idx;
    }

    private static scala.collection.Seq<String> top(String[] labels, float[] p, int k) {
        Integer[] idx = best(p);
        List<String> out = new java.util.ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            out.add(labels[idx[i]]);
        }
        return scala.collection.JavaConverters.asScalaBuffer(out).toSeq();
    }

    private List<StructField> outputFields() {
        return List.of(DataTypes.createStructField($(probabilityCol), SQLDataTypes.VectorType(), false),
                DataTypes.createStructField($(predictionCol), DataTypes.DoubleType, false),
                DataTypes.createStructField($(predictedLabelCol), DataTypes.StringType, false),
                DataTypes.createStructField($(topKCol), DataTypes.createArrayType(DataTypes.StringType, false), false));
    }

    @Override
    public StructType transformSchema(StructType schema) {
        return ImageStage.outputSchema(schema, $(image.inputCol), outputFields());
    }

    @Override
    public TransferClassifierModel copy(ParamMap extra) {
        TransferClassifierModel copy = new TransferClassifierModel(uid, model);
        return copyValues(copy, extra).setParent(parent());
    }

    @Override
    public MLWriter write() {
        return new Writer(this);
    }

    public static MLReader<TransferClassifierModel> read() {
        return new Reader();
    }

    public static TransferClassifierModel load(String path) {
        return read().load(path);
    }

    /** Parameters as Spark ML writes them, plus the transfer4j model file copied next to them. */
    private static final class Writer extends MLWriter {
        private final TransferClassifierModel instance;

        Writer(TransferClassifierModel instance) {
            this.instance = instance;
        }

        @Override
        public void saveImpl(String path) {
            DefaultParamsWriter.saveMetadata(instance, path, sc(), Option.empty(), Option.empty());
            copy(sc(), path, (local, remote, fs) -> {
                instance.saveModelFile(local);
                fs.copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(local.toUri()), remote);
            });
        }
    }

    private static final class Reader extends MLReader<TransferClassifierModel> {
        @Override
        public TransferClassifierModel load(String path) {
            var metadata = DefaultParamsReader.loadMetadata(path, sc(), TransferClassifierModel.class.getName());
            TransferModel[] model = new TransferModel[1];
            copy(sc(), path, (local, remote, fs) -> {
                fs.copyToLocalFile(false, remote, new org.apache.hadoop.fs.Path(local.toUri()), true);
                model[0] = TransferModel.load(local);
            });
            TransferClassifierModel m = new TransferClassifierModel(metadata.uid(), model[0]);
            metadata.getAndSetParams(m, Option.empty());
            return m;
        }
    }

    /** One copy between a local temporary file and {@value #MODEL_FILE} under {@code dir} on its file system. */
    private interface Copy {
        void run(Path local, org.apache.hadoop.fs.Path remote, FileSystem fs) throws IOException;
    }

    private static void copy(SparkContext sc, String dir, Copy copy) {
        org.apache.hadoop.fs.Path remote = new org.apache.hadoop.fs.Path(dir, MODEL_FILE);
        Path tmpDir = null;
        try {
            tmpDir = Files.createTempDirectory("transfer4j-spark-model");
            copy.run(tmpDir.resolve(MODEL_FILE), remote, remote.getFileSystem(sc.hadoopConfiguration()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the transfer4j model file " + remote + ": " + e.getMessage(), e);
        } finally {
            if (tmpDir != null) {
                try (var files = Files.list(tmpDir)) {
                    for (Path f : files.toList()) {
                        Files.deleteIfExists(f);
                    }
                    Files.deleteIfExists(tmpDir);
                } catch (IOException ignored) {
                    // a leftover temporary file is harmless
                }
            }
        }
    }
}
