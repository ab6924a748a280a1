package io.transfer4j.spark;

import io.transfer4j.dsl.Network;
import io.transfer4j.dsl.Updaters;
import io.transfer4j.transfer.Head;
import io.transfer4j.transfer.TransferModel;
import io.transfer4j.transfer.train.Trainer;
import io.transfer4j.transfer.train.TrainingConfig;
import java.util.List;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The two ways a head is trained on feature vectors: Spark ML's multinomial logistic regression (distributed; its
 * coefficients become the DL4J head's output layer, which computes the same softmax), or the features collected to
 * the driver and the usual transfer4j {@link Trainer} on a head-only graph whose layers are then copied by name.
 */
final class HeadTraining {
    /** Name of the input vertex of the head-only graph. */
    private static final String FEATURES = "features";

    private HeadTraining() {
    }

    /** Fits logistic regression on {@code features}/{@code label} and writes it into {@code full}'s output layer. */
    static void logisticRegression(Dataset<Row> data, String features, String label, int maxIter, double regParam,
                                   TransferModel full) {
        LogisticRegressionModel lr = new LogisticRegression().setFamily("multinomial").setFeaturesCol(features).setLabelCol(label)
                .setMaxIter(maxIter).setRegParam(regParam).fit(data);
        Matrix coef = lr.coefficientMatrix();                 // [classes, features]
        Vector intercept = lr.interceptVector();              // [classes]
        Layer out = full.graph().getLayer(Head.OUTPUT);
        int k = coef.numRows();
        int d = coef.numCols();
        float[][] w = new float[d][k];                        // DL4J dense weights are [nIn, nOut]
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < d; j++) {
                w[j][i] = (float) coef.apply(i, j);
            }
        }
        float[] b = new float[k];
        for (int i = 0; i < k; i++) {
            b[i] = (float) intercept.apply(i);
        }
        out.setParam("W", Nd4j.create(w));
        out.setParam("b", Nd4j.create(b, new long[] {1, k}, 'c'));
        full.recipe("head", "Spark ML multinomial logistic regression").recipe("maxIter", maxIter).recipe("regParam", regParam);
    }

    /**
     * Collects {@code features}/{@code label} to the driver, trains {@code head} (a new instance, configured like
     * {@code full}'s head) on them with the Trainer (Adam at {@code lr}, {@code epochs}, {@code seed}) and copies its
     * layers into {@code full} by name.
     */
    static void onDriver(Dataset<Row> data, String features, String label, Head head, int epochs, double lr, long seed,
                         TransferModel full) {
        List<Row> rows = data.select(features, label).collectAsList();
        int k = full.labels().size();
        int d = rows.get(0).<Vector>getAs(0).size();
        float[][] x = new float[rows.size()][];
        float[][] y = new float[rows.size()][k];
        for (int i = 0; i < rows.size(); i++) {
            double[] v = rows.get(i).<Vector>getAs(0).toArray();
            x[i] = new float[d];
            for (int j = 0; j < d; j++) {
                x[i][j] = (float) v[j];
            }
            y[i][(int) rows.get(i).getDouble(1)] = 1;
        }
        Network input = Network.builder(FEATURES).inputVector(d).identity().name(FEATURES + "_identity").build();
        TransferModel headOnly = TransferModel.from(input).newHead(head.cutAt(FEATURES + "_identity"));
        new Trainer(headOnly.graph(), TrainingConfig.builder(epochs).optimizer(Updaters.adam(lr)).seed(seed).build())
                .fit(new DataSet(Nd4j.create(x), Nd4j.create(y)), null);
        ComputationGraph trained = headOnly.graph();
        for (String name : headOnly.trainableLayers()) {
            full.graph().getLayer(name).setParams(trained.getLayer(name).params().dup());
        }
        full.recipe("head", "transfer4j Trainer on the driver").recipe("epochs", epochs).recipe("lr", lr).recipe("seed", seed);
    }
}
