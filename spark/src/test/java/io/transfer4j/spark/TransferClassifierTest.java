package io.transfer4j.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.transfer4j.dsl.Updaters;
import io.transfer4j.transfer.Classifier;
import io.transfer4j.transfer.Head;
import io.transfer4j.transfer.Prediction;
import io.transfer4j.transfer.TransferModel;
import io.transfer4j.transfer.data.ImageFiles;
import io.transfer4j.transfer.pretrained.FashionCnn;
import io.transfer4j.transfer.train.Trainer;
import io.transfer4j.transfer.train.TrainingConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** TransferClassifier on a small synthetic task (stripe direction) against fine-tuning on one machine. */
class TransferClassifierTest {
    @TempDir
    static Path dir;
    private static List<Path> trainFiles;
    private static List<Path> testFiles;
    /** Hidden units of the perceptron head. */
    private static final int HIDDEN = 8;
    private final SparkSession spark = TestSpark.session();

    @BeforeAll
    static void images() throws Exception {
        trainFiles = TestImages.stripes(dir.resolve("train"), 12, 11);
        testFiles = TestImages.stripes(dir.resolve("test"), 8, 12);
    }

    /** binaryFile rows of a folder of class folders, with the class name as {@code cls}. */
    private Dataset<Row> folder(String name) {
        return spark.read().format("binaryFile").option("recursiveFileLookup", "true").load(dir.resolve(name).toString())
                .withColumn("cls", regexp_extract(col("path"), "/([^/]+)/[^/]+$", 1));
    }

    private static TransferClassifier classifier() {
        return new TransferClassifier().setInputCol("content").setLabelCol("cls").setModel(TestSpark.fashionCnn().toString())
                .setLayer(FashionCnn.FEATURE_LAYER).setBatchSize(8).setMaxIter(30);
    }

    private static double accuracy(Dataset<Row> predicted) {
        List<Row> rows = predicted.select("cls", "predictedLabel").collectAsList();
        return rows.stream().filter(r -> r.getString(0).equals(r.getString(1))).count() / (double) rows.size();
    }

    private static String classOf(Path f) {
        return f.getParent().getFileName().toString();
    }

    /** The single-machine recipe: frozen trunk, new head at the same layer, the Trainer on the preprocessed images. */
    private static double singleMachineAccuracy() throws Exception {
        TransferModel m = TransferModel.load(TestSpark.fashionCnn()).freezeAll()
                .newHead(Head.labels(TestImages.CLASSES).cutAt(FashionCnn.FEATURE_LAYER).seed(42L));
        new Trainer(m.graph(), TrainingConfig.builder(30).optimizer(Updaters.adam(1e-3)).seed(42).build()).fit(images(m, trainFiles), null);
        INDArray p = m.output(images(m, testFiles).getFeatures());
        int right = 0;
        for (int i = 0; i < testFiles.size(); i++) {
            right += TestImages.CLASSES.get(p.getRow(i).argMax().getInt(0)).equals(classOf(testFiles.get(i))) ? 1 : 0;
        }
        return right / (double) testFiles.size();
    }

    private static DataSet images(TransferModel m, List<Path> files) throws Exception {
        var pre = m.preprocessing();
        List<INDArray> x = new ArrayList<>();
        INDArray y = Nd4j.zeros(files.size(), TestImages.CLASSES.size());
        for (int i = 0; i < files.size(); i++) {
            x.add(ImageFiles.load(files.get(i), pre.height(), pre.width(), pre.channels()));
            y.putScalar(i, TestImages.CLASSES.indexOf(classOf(files.get(i))), 1);
        }
        return new DataSet(pre.apply(Nd4j.concat(0, x.toArray(INDArray[]::new))), y);
    }

    @Test
    void everyHeadReachesTheSingleMachineAccuracyAndSavesAModelFileClassifierReads() throws Exception {
        double single = singleMachineAccuracy();
        assertTrue(single >= 0.8, "single-machine accuracy " + single);
        for (String trainer : List.of("spark", "mlp", "driver")) {
            TransferClassifierModel m = classifier().setHeadTrainer(trainer).setHidden("mlp".equals(trainer) ? HIDDEN : 0).fit(folder("train"));
            Dataset<Row> predicted = m.transform(folder("test"));
            double acc = accuracy(predicted);
            assertTrue(acc >= single - 0.1, trainer + " head: accuracy " + acc + " vs single machine " + single);

            Path file = dir.resolve(trainer + "-model.zip");
            m.saveModelFile(file);
            Map<String, String> spark = new HashMap<>();
            for (Row r : predicted.select("path", "predictedLabel", "topLabels").collectAsList()) {
                spark.put(Path.of(r.getString(0).replace("file:", "")).getFileName().toString(), r.getString(1));
                assertEquals(r.getString(1), r.getList(2).get(0), "top-k starts with the prediction");
            }
            try (Classifier c = Classifier.load(file)) {
                var local = c.predictFiles(testFiles, 1);
                for (int i = 0; i < testFiles.size(); i++) {
                    assertEquals(local.get(i).get(0).label(), spark.get(testFiles.get(i).getFileName().toString()),
                            trainer + " head, " + testFiles.get(i));
                }
            }
        }
    }

    @Test
    void aPipelineWithAStringIndexerSavesAndLoads() throws Exception {
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
            new StringIndexer().setInputCol("cls").setOutputCol("label"),
            classifier().setLabelCol("label").setHeadTrainer("mlp").setHidden(HIDDEN)});
        pipeline.write().overwrite().save(dir.resolve("pipeline").toString());
        Pipeline again = Pipeline.load(dir.resolve("pipeline").toString());
        assertEquals(2, again.getStages().length);
        assertEquals("mlp", again.getStages()[1].getOrDefault(((TransferClassifier) again.getStages()[1]).headTrainer()));

        PipelineModel fitted = again.fit(folder("train"));
        List<Row> before = fitted.transform(folder("test")).orderBy("path").select("predictedLabel", "probability").collectAsList();
        fitted.write().overwrite().save(dir.resolve("pipeline-model").toString());
        PipelineModel loaded = PipelineModel.load(dir.resolve("pipeline-model").toString());
        Dataset<Row> after = loaded.transform(folder("test")).orderBy("path");
        assertEquals(before, after.select("predictedLabel", "probability").collectAsList());
        assertTrue(accuracy(after) >= 0.8, "pipeline accuracy " + accuracy(after));
    }

    /**
     * The perceptron's weights become the transfer4j head (sigmoid hidden layer, softmax output): the saved model
     * file, read by {@code Classifier.load}, gives Spark ML's own probabilities for every test image.
     */
    @Test
    void thePerceptronHeadInAModelFileGivesSparkMlsOwnProbabilities() throws Exception {
        TrunkFeaturizer featurizer = classifier().featurizer().setOutputCol("features");
        LabelColumn labels = LabelColumn.of(folder("train"), "cls");
        Dataset<Row> train = featurizer.transform(folder("train").withColumn("label", labels.named("label")));
        TransferModel full = TransferModel.load(TestSpark.fashionCnn()).freezeAll().newHead(Head.labels(labels.labels())
                .cutAt(FashionCnn.FEATURE_LAYER).hidden(HIDDEN).hiddenActivation(Activation.SIGMOID));
        MultilayerPerceptronClassificationModel mlp = HeadTraining.multilayerPerceptron(train, "features", "label",
                new int[] {HIDDEN}, 30, 42, full);
        Path file = dir.resolve("mlp-model.zip");
        full.save(file);

        Map<String, double[]> spark = new HashMap<>();
        for (Row r : mlp.transform(featurizer.transform(folder("test"))).select("path", "probability").collectAsList()) {
            spark.put(Path.of(r.getString(0).replace("file:", "")).getFileName().toString(), r.<Vector>getAs(1).toArray());
        }
        try (Classifier c = Classifier.load(file)) {
            List<List<Prediction>> local = c.predictFiles(testFiles, labels.labels().size());
            for (int i = 0; i < testFiles.size(); i++) {
                double[] want = spark.get(testFiles.get(i).getFileName().toString());
                for (Prediction p : local.get(i)) {
                    assertEquals(want[p.index()], p.probability(), 1e-4, testFiles.get(i) + " class " + p.label());
                }
            }
        }
    }

    @Test
    void nullLabelsFailNamingARowOrAreSkipped() {
        Dataset<Row> data = folder("train").withColumn("cls",
                org.apache.spark.sql.functions.when(col("path").contains("horizontal0.png"), null).otherwise(col("cls")));
        Exception e = assertThrows(IllegalArgumentException.class, () -> classifier().fit(data));
        assertTrue(e.getMessage().contains("horizontal0.png") && e.getMessage().contains("null"), e.getMessage());

        TransferClassifier skipping = classifier().setBadImagePolicy("skip").setMaxIter(5);
        TransferClassifierModel m = skipping.fit(data);
        assertEquals(1, skipping.skippedLabels());
        assertEquals(TestImages.CLASSES.stream().sorted().toList(), m.transferModel().labels());
    }

    @Test
    void aMultiLabelModelFileIsRefusedNamingWhatPredictsItsLabels() throws Exception {
        Path file = dir.resolve("multi.zip");
        TransferModel.load(TestSpark.fashionCnn()).freezeAll()
                .newHead(Head.labels("a", "b").multiLabel().cutAt(FashionCnn.FEATURE_LAYER)).save(file);
        Exception e = assertThrows(IllegalArgumentException.class, () -> TransferClassifierModel.fromModelFile(file));
        assertTrue(e.getMessage().contains("multi-label") && e.getMessage().contains("Classifier.predictLabels"), e.getMessage());
    }
}
