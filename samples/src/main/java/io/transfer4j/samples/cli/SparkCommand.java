package io.transfer4j.samples.cli;

import io.transfer4j.spark.HasTrunk;
import io.transfer4j.spark.TransferClassifier;
import io.transfer4j.spark.TransferClassifierModel;
import io.transfer4j.spark.TrunkFeaturizer;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code transfer4j spark featurize|finetune|predict --master local[2] --data DIR ...}: the Spark stages of
 * transfer4j-spark from the command line, writing Parquet (and, for finetune, a transfer4j model file). Runs locally,
 * or on a cluster through spark-submit with the shaded jar (README "Spark").
 */
@Command(name = "spark", mixinStandardHelpOptions = true, description = "Featurize, fine-tune and predict on Apache Spark.",
        subcommands = {SparkCommand.Featurize.class, SparkCommand.Finetune.class, SparkCommand.Predict.class})
final class SparkCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Options naming the trunk, as {@code finetune} names them. */
    static final class TrunkOptions {
        @Option(names = "--model", defaultValue = "resnet50", description = "zoo model or transfer4j model file (default ${DEFAULT-VALUE})")
        String model;
        @Option(names = "--weights", defaultValue = "imagenet", description = "weight tag (imagenet, none) or a local weights file")
        String weights;
        @Option(names = "--layer", defaultValue = "", description = "feature layer (default: the model's)")
        String layer;
        @Option(names = "--size", defaultValue = "0", description = "input height and width for zoo models (default: the model's)")
        int size;

        /** {@code stage} naming this trunk. */
        <S extends HasTrunk<S>> S apply(S stage) {
            return stage.setModel(model).setWeights(weights).setLayer(layer).setImageSize(size);
        }
    }

    /** The Parquet directory featurize and predict write. */
    static final class ParquetOutput {
        @Option(names = "--out", required = true, description = "Parquet output directory")
        String out;

        /** Writes {@code rows} (failing if the directory exists) and returns how many rows it holds. */
        long write(Dataset<Row> rows) {
            rows.write().mode(SaveMode.ErrorIfExists).parquet(out);
            return rows.sparkSession().read().parquet(out).count();
        }
    }

    @Command(name = "featurize", mixinStandardHelpOptions = true, description = "Trunk features of every image, written as Parquet (path, features).")
    static final class Featurize implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        SparkOptions spark;
        @Mixin
        TrunkOptions trunk;
        @Mixin
        ParquetOutput output;

        @Override
        public Integer call() {
            TrunkFeaturizer f = trunk.apply(spark.apply(new TrunkFeaturizer()));   // options checked before Spark starts
            SparkSession s = spark.session("featurize");
            long n = output.write(f.transform(spark.images(s)).select("path", "features"));
            spec.commandLine().getOut().printf(Locale.ROOT, "featurized %d images -> %s (%d skipped as bad)%n", n, output.out, f.skippedImages());
            return 0;
        }
    }

    @Command(name = "finetune", mixinStandardHelpOptions = true,
            description = {"Featurize an image folder (one sub-folder per class) on Spark and train a new head;",
                    "writes a transfer4j model file that predict, Classifier and ONNX export read."})
    static final class Finetune implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        SparkOptions spark;
        @Mixin
        TrunkOptions trunk;
        @Option(names = "--head", defaultValue = "spark", description = "spark (logistic regression in Spark ML), mlp (Spark ML"
                + " multilayer perceptron, --hidden sigmoid units) or driver (transfer4j Trainer) (default ${DEFAULT-VALUE})")
        String head;
        @Option(names = "--epochs", defaultValue = "30", description = "head epochs for --head driver (default ${DEFAULT-VALUE})")
        int epochs;
        @Option(names = "--lr", defaultValue = "1e-3", description = "Adam learning rate for --head driver (default ${DEFAULT-VALUE})")
        double lr;
        @Option(names = "--hidden", defaultValue = "0", description = "hidden units of the head for --head driver or mlp, 0 for none")
        int hidden;
        @Option(names = "--max-iter", defaultValue = "100", description = "iterations for --head spark or mlp (default ${DEFAULT-VALUE})")
        int maxIter;
        @Option(names = "--seed", defaultValue = "42", description = "seed of the head")
        long seed;
        @Option(names = "--out", defaultValue = "model.zip", description = "the model file (default ${DEFAULT-VALUE})")
        Path out;

        @Override
        public Integer call() {
            TransferClassifier c = trunk.apply(spark.apply(new TransferClassifier())).setLabelCol("cls").setHeadTrainer(head)
                    .setEpochs(epochs).setLearningRate(lr).setHidden(hidden).setMaxIter(maxIter).setSeed(seed);
            SparkSession s = spark.session("finetune");
            TransferClassifierModel m = c.fit(spark.images(s));
            m.saveModelFile(out);
            spec.commandLine().getOut().printf(Locale.ROOT, "trained a %s head for %s -> %s%n", head, m.transferModel().labels(), out);
            return 0;
        }
    }

    @Command(name = "predict", mixinStandardHelpOptions = true,
            description = "Classes of every image with a saved model, written as Parquet (path, prediction, label, probability, top-k).")
    static final class Predict implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        SparkOptions spark;
        @Mixin
        ParquetOutput output;
        @Option(names = "--model", required = true, description = "saved transfer4j model file")
        Path model;
        @Option(names = "--top", defaultValue = "5", description = "labels per image in topLabels (default ${DEFAULT-VALUE})")
        int top;

        @Override
        public Integer call() {
            if (!java.nio.file.Files.isRegularFile(model)) {
                throw new IllegalArgumentException("model file " + model + " does not exist");
            }
            TransferClassifierModel m = spark.apply(TransferClassifierModel.fromModelFile(model)).setTopK(top);
            SparkSession s = spark.session("predict");
            long n = output.write(m.transform(spark.images(s)).select("path", "prediction", "predictedLabel", "probability", "topLabels"));
            spec.commandLine().getOut().printf(Locale.ROOT, "predicted %d images -> %s (%d skipped as bad)%n", n, output.out, m.skippedImages());
            return 0;
        }
    }
}
