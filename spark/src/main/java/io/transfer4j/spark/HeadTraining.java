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
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The three ways a head is trained on feature vectors: Spark ML's multinomial logistic regression or multilayer
 * perceptron (distributed; their weights become the DL4J head's layers, which compute the same functions), or the
 * features collected to the driver and the usual transfer4j {@link Trainer} on a head-only graph whose layers are
 * then copied by name.
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
        int k = coef.numRows();
        int d = coef.numCols();
        double[] w = new double[d * k];                       // DL4J dense weights are [nIn, nOut], row-major
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < d; j++) {
                w[j * k + i] = coef.apply(i, j);
            }
        }
        dense(full.graph().getLayer(Head.OUTPUT), d, k, w, 0, lr.interceptVector().toArray(), 0);
        full.recipe("head", "Spark ML multinomial logistic regression").recipe("maxIter", maxIter).recipe("regParam", regParam);
    }

    /**
     * Fits Spark ML's multilayer perceptron (layers {@code [features, hidden..., classes]}: sigmoid hidden layers,
     * softmax output) and writes its weights into {@code full}'s head, which must have the same hidden sizes with
     * sigmoid activations. Spark keeps each affine layer as a column-major {@code [out, in]} matrix followed by
     * its {@code out} biases, one layer after another in one vector: the same order as DL4J's row-major
     * {@code [in, out]} dense weights, so each block is copied as it is. Returns the Spark model.
     */
    static MultilayerPerceptronClassificationModel multilayerPerceptron(Dataset<Row> data, String features, String label,
                                                                       int[] hidden, int maxIter, long seed, TransferModel full) {
        int d = data.select(features).first().<Vector>getAs(0).size();
        int[] layers = new int[hidden.length + 2];
        layers[0] = d;
        System.arraycopy(hidden, 0, layers, 1, hidden.length);
        layers[layers.length - 1] = full.labels().size();
        MultilayerPerceptronClassificationModel mlp = new MultilayerPerceptronClassifier().setLayers(layers)
                .setFeaturesCol(features).setLabelCol(label).setMaxIter(maxIter).setSeed(seed).fit(data);
        double[] weights = mlp.weights().toArray();
        int at = 0;
        for (int l = 0; l + 1 < layers.length; l++) {
            int in = layers[l];
            int out = layers[l + 1];
            String name = l + 2 == layers.length ? Head.OUTPUT : "head_dense" + (l + 1);
            dense(full.graph().getLayer(name), in, out, weights, at, weights, at + in * out);
            at += in * out + out;
        }
        full.recipe("head", "Spark ML multilayer perceptron").recipe("layers", java.util.Arrays.toString(layers))
                .recipe("maxIter", maxIter).recipe("seed", seed);
        return mlp;
    }

    /** Sets a dense layer's {@code [in, out]} weights from {@code w[wAt..]} (row-major) and biases from {@code b[bAt..]}. */
    private static void dense(Layer layer, int in, int out, double[] w, int wAt, double[] b, int bAt) {
        long[] shape = layer.getParam("W").shape();
        if (shape[0] != in || shape[1] != out) {
            throw new IllegalStateException("head layer " + layer.conf().getLayer().getLayerName() + " is " + shape[0] + "x"
                    + shape[1] + ", the Spark ML weights " + in + "x" + out);
        }
        float[] wf = new float[in * out];
        for (int i = 0; i < wf.length; i++) {
            wf[i] = (float) w[wAt + i];
        }
        float[] bf = new float[out];
        for (int i = 0; i < out; i++) {
            bf[i] = (float) b[bAt + i];
        }
        layer.setParam("W", Nd4j.create(wf, new long[] {in, out}, 'c'));
        layer.setParam("b", Nd4j.create(bf, new long[] {1, out}, 'c'));
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
