package io.transfer4j.spark;

import io.transfer4j.transfer.Head;
import io.transfer4j.transfer.TransferModel;
import io.transfer4j.transfer.data.BadFilePolicy;
import java.util.Locale;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.nd4j.linalg.activations.Activation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Spark ML {@link Estimator}: featurizes the images with a frozen trunk on the executors ({@link TrunkFeaturizer})
 * and trains a new head on the feature vectors, giving a {@link TransferClassifierModel} — a regular transfer4j
 * model (frozen trunk + head, labels, preprocessing) that {@code Classifier.load} and {@code ./transfer4j predict}
 * read once saved with {@link TransferClassifierModel#saveModelFile}.
 *
 * <pre>{@code
 * Dataset<Row> train = spark.read().format("binaryFile").option("recursiveFileLookup", "true").load("roads/")
 *         .withColumn("label", regexp_extract(col("path"), "/([^/]+)/[^/]+$", 1));
 * TransferClassifierModel m = new TransferClassifier().setInputCol("content").setModel("resnet50")
 *         .setWeights("imagenet").fit(train);
 * m.saveModelFile(Path.of("roads.zip"));
 * }</pre>
 *
 * The head is trained by Spark ML, distributed, for feature sets larger than the driver ({@code headTrainer=spark},
 * the default: multinomial logistic regression; {@code mlp}: a multilayer perceptron with {@code hidden} sigmoid
 * units), or on the driver ({@code headTrainer=driver}: the features are collected and transfer4j's
 * {@code Trainer} fits a head with optional hidden layer and dropout). Either way the weights end up in a regular
 * transfer4j head. Labels are
 * class names (indexed in sorted order) or indices with a {@code StringIndexer}'s metadata; rows with a null label
 * fail the fit ({@code badImagePolicy=fail}) or are left out and logged ({@code skip}).
 */
public final class TransferClassifier extends Estimator<TransferClassifierModel>
        implements HasImageInput<TransferClassifier>, HasTrunk<TransferClassifier>, DefaultParamsWritable {
    private static final Logger LOG = LoggerFactory.getLogger(TransferClassifier.class);
    private static final String FEATURES = "__transfer4j_features";
    private static final String INDEX = "__transfer4j_label";
    private final String uid;
    private final ImageParams image;
    private final TrunkParams trunk;
    private final Param<String> labelCol;
    private final Param<String> headTrainer;
    private final IntParam maxIter;
    private final DoubleParam regParam;
    private final IntParam epochs;
    private final DoubleParam learningRate;
    private final IntParam hidden;
    private final DoubleParam dropout;
    private final LongParam seed;
    private final IntParam topK;
    private transient long skippedLabels;

    public TransferClassifier() {
        this(Identifiable$.MODULE$.randomUID("transferClassifier"));
    }

    public TransferClassifier(String uid) {
        this.uid = uid;
        image = new ImageParams(this);
        trunk = new TrunkParams(this);
        labelCol = new Param<>(this, "labelCol", "label column: class names, or class indices (e.g. from StringIndexer)");
        headTrainer = new Param<>(this, "headTrainer", "spark (multinomial logistic regression in Spark ML, distributed), mlp"
                + " (Spark ML multilayer perceptron, distributed) or driver (features collected, transfer4j Trainer)",
                ParamValidators.inArray(new String[] {"spark", "mlp", "driver"}));
        maxIter = new IntParam(this, "maxIter", "logistic regression / perceptron iterations (headTrainer=spark, mlp)", ParamValidators.gt(0));
        regParam = new DoubleParam(this, "regParam", "logistic regression L2 regularisation (headTrainer=spark)", ParamValidators.gtEq(0));
        epochs = new IntParam(this, "epochs", "head training epochs (headTrainer=driver)", ParamValidators.gt(0));
        learningRate = new DoubleParam(this, "learningRate", "Adam learning rate (headTrainer=driver)", ParamValidators.gt(0));
        hidden = new IntParam(this, "hidden", "hidden units of the head, 0 for none (headTrainer=driver: ReLU; mlp: sigmoid)",
                ParamValidators.gtEq(0));
        dropout = new DoubleParam(this, "dropout", "dropout rate in the head (headTrainer=driver)", ParamValidators.inRange(0, 1, true, false));
        seed = new LongParam(this, "seed", "seed of the head's initialisation and shuffles");
        topK = new IntParam(this, "topK", "labels in the model's top-k column", ParamValidators.gt(0));
        setDefault(labelCol, "label");
        setDefault(headTrainer, "spark");
        setDefault(maxIter, 100);
        setDefault(regParam, 0.0);
        setDefault(epochs, 30);
        setDefault(learningRate, 1e-3);
        setDefault(hidden, 0);
        setDefault(dropout, 0.0);
        setDefault(seed, 42L);
        setDefault(topK, 3);
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

    public Param<String> labelCol() { return labelCol; }
    public Param<String> headTrainer() { return headTrainer; }
    public IntParam maxIter() { return maxIter; }
    public DoubleParam regParam() { return regParam; }
    public IntParam epochs() { return epochs; }
    public DoubleParam learningRate() { return learningRate; }
    public IntParam hidden() { return hidden; }
    public DoubleParam dropout() { return dropout; }
    public LongParam seed() { return seed; }
    public IntParam topK() { return topK; }

    public TransferClassifier setLabelCol(String v) { set(labelCol, v); return this; }
    public TransferClassifier setHeadTrainer(String v) { set(headTrainer, v.toLowerCase(Locale.ROOT)); return this; }
    public TransferClassifier setMaxIter(int v) { set(maxIter, v); return this; }
    public TransferClassifier setRegParam(double v) { set(regParam, v); return this; }
    public TransferClassifier setEpochs(int v) { set(epochs, v); return this; }
    public TransferClassifier setLearningRate(double v) { set(learningRate, v); return this; }
    public TransferClassifier setHidden(int v) { set(hidden, v); return this; }
    public TransferClassifier setDropout(double v) { set(dropout, v); return this; }
    public TransferClassifier setSeed(long v) { set(seed, v); return this; }
    public TransferClassifier setTopK(int v) { set(topK, v); return this; }

    /** Rows the last {@link #fit} left out for a null label (skip policy). */
    public long skippedLabels() {
        return skippedLabels;
    }

    /** The featurizer these parameters describe (same model, layer, size, batch and policy). */
    public TrunkFeaturizer featurizer() {
        return copyValues(new TrunkFeaturizer(), ParamMap.empty()).setOutputCol(FEATURES);
    }

    @Override
    public TransferClassifierModel fit(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        Dataset<Row> data = withoutNullLabels(dataset.toDF());
        LabelColumn labels = LabelColumn.of(data, $(labelCol));
        Dataset<Row> features = featurizer().transform(data.withColumn(INDEX, labels.named(INDEX)))
                .select(FEATURES, INDEX).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            TransferModel full = trunk.base(this).freezeAll().newHead(head(labels));
            switch ($(headTrainer)) {
                case "driver" -> HeadTraining.onDriver(features, FEATURES, INDEX, head(labels), (Integer) $(epochs),
                        (Double) $(learningRate), (Long) $(seed), full);
                case "mlp" -> HeadTraining.multilayerPerceptron(features, FEATURES, INDEX, hiddenSizes(), (Integer) $(maxIter),
                        (Long) $(seed), full);
                default -> HeadTraining.logisticRegression(features, FEATURES, INDEX, (Integer) $(maxIter), (Double) $(regParam), full);
            }
            TransferClassifierModel m = new TransferClassifierModel(Identifiable$.MODULE$.randomUID("transferClassifierModel"), full);
            return copyValues(m, ParamMap.empty()).setParent(this);
        } finally {
            features.unpersist();
        }
    }

    /** A fresh head for these labels at the trunk's layer, as the parameters describe it. */
    private Head head(LabelColumn labels) {
        Head h = Head.labels(labels.labels()).seed((Long) $(seed));
        if (trunk.layer(this) != null) {
            h.cutAt(trunk.layer(this));
        }
        if ("driver".equals($(headTrainer))) {
            h.dropout((Double) $(dropout)).hidden(hiddenSizes());
        } else if ("mlp".equals($(headTrainer))) {
            h.hidden(hiddenSizes()).hiddenActivation(Activation.SIGMOID);   // Spark's perceptron: sigmoid hidden layers
        }
        return h;
    }

    private int[] hiddenSizes() {
        int h = (Integer) $(hidden);
        return h > 0 ? new int[] {h} : new int[0];
    }

    private Dataset<Row> withoutNullLabels(Dataset<Row> data) {
        Column label = functions.col($(labelCol));
        Dataset<Row> nulls = data.where(label.isNull());
        long n = nulls.count();
        skippedLabels = 0;
        if (n == 0) {
            return data;
        }
        String where = java.util.List.of(data.columns()).contains($(image.pathCol))
                ? ", e.g. " + nulls.select($(image.pathCol)).first().get(0) : "";
        if (ImageParams.policy($(image.badImagePolicy)) == BadFilePolicy.FAIL) {
            throw new IllegalArgumentException("label column '" + $(labelCol) + "' is null in " + n + " row(s)" + where
                    + " (badImagePolicy=fail; set it to skip to train without those rows)");
        }
        LOG.warn("left out {} row(s) whose label column '{}' is null{}", n, $(labelCol), where);
        skippedLabels = n;
        return data.where(label.isNotNull());
    }

    @Override
    public StructType transformSchema(StructType schema) {
        ImageRows.kind(schema, $(image.inputCol));
        if (!java.util.Arrays.asList(schema.fieldNames()).contains($(labelCol))) {
            throw new IllegalArgumentException("label column '" + $(labelCol) + "' is not in the data (columns: "
                    + String.join(", ", schema.fieldNames()) + "); set it with setLabelCol");
        }
        return new TransferClassifierModel(uid, null).setInputCol($(image.inputCol)).transformSchema(schema);
    }

    @Override
    public TransferClassifier copy(ParamMap extra) {
        return (TransferClassifier) defaultCopy(extra);
    }

    public static MLReader<TransferClassifier> read() {
        return new DefaultParamsReader<>();
    }

    public static TransferClassifier load(String path) {
        return read().load(path);
    }
}
