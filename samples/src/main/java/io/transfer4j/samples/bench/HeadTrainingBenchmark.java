package io.transfer4j.samples.bench;

import io.transfer4j.transfer.Head;
import io.transfer4j.transfer.TransferModel;
import io.transfer4j.transfer.train.FeatureCaching;
import io.transfer4j.transfer.train.Trainer;
import io.transfer4j.transfer.train.TrainingConfig;
import io.transfer4j.transfer.train.TrainingResult;
import io.transfer4j.zoo.Pooling;
import io.transfer4j.zoo.Zoo;
import java.util.Locale;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Issue 9's "frozen-trunk fine-tuning" figure: {@code epochs} epochs of head training on a frozen ResNet50
 * (the zoo's DSL ResNet50, headless with average pooling, random weights: speed does not depend on them),
 * on {@code images} random {@code size}×{@code size} RGB images, 10 classes:
 * <ul>
 *   <li>naive — DL4J's {@code TransferLearning.GraphBuilder.setFeatureExtractor} and {@code fit} every epoch,
 *       so the trunk runs forward for every example of every epoch;</li>
 *   <li>cached — transfer4j: {@code TransferModel} + {@link Trainer}, trunk features computed once.</li>
 * </ul>
 * Prints both times and their ratio. The perf helper's harness can call {@link #run}.
 *
 * <pre>
 * java -cp ... io.transfer4j.samples.bench.HeadTrainingBenchmark [images=200] [size=64] [epochs=10] [batch=32]
 * </pre>
 *
 * <p>Measured 2026-11-22 on the 2-core build machine while ~8 other builds ran (load average 15-25), with
 * arguments {@code 64 32 10 32}: naive 507.4 s (1.3 img/s), cached 21.6 s (29.7 img/s; 12.5 s of it computing
 * the features once), speed-up 23.5×. The ratio grows with the number of epochs.
 */
public final class HeadTrainingBenchmark {
    private HeadTrainingBenchmark() {
    }

    /** Seconds of each variant and the speed-up. */
    public record Result(int images, int size, int epochs, double naiveSeconds, double cachedSeconds) {
        public double speedup() {
            return naiveSeconds / cachedSeconds;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d head epochs, frozen ResNet50, %d images %dx%d: naive %.1f s (%.1f img/s), "
                            + "cached %.1f s (%.1f img/s), speed-up %.1fx", epochs, images, size, size, naiveSeconds,
                    images * (double) epochs / naiveSeconds, cachedSeconds, images * (double) epochs / cachedSeconds, speedup());
        }
    }

    public static void main(String[] args) {
        int images = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int size = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        int epochs = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        int batch = args.length > 3 ? Integer.parseInt(args[3]) : 32;
        System.out.println(run(images, size, epochs, batch));
    }

    public static Result run(int images, int size, int epochs, int batch) {
        Nd4j.getRandom().setSeed(7);
        INDArray x = Nd4j.rand(DataType.FLOAT, images, 3, size, size);
        INDArray y = Nd4j.zeros(DataType.FLOAT, images, 10);
        for (int i = 0; i < images; i++) {
            y.putScalar(i, i % 10, 1);
        }
        DataSet data = new DataSet(x, y);

        // naive: what the DL4J documentation shows
        var net = Zoo.resnet50().includeTop(false).pooling(Pooling.AVG).inputShape(size, size, 3).seed(1).build();
        ComputationGraph trunk = net.graph();
        String features = trunk.getConfiguration().getNetworkOutputs().get(0);
        ComputationGraph naive = new TransferLearning.GraphBuilder(trunk)
                .fineTuneConfiguration(new FineTuneConfiguration.Builder().updater(new Adam(1e-3)).seed(1).build())
                .setFeatureExtractor(features)
                .addLayer("head", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(net.shapeOf(features).size())
                        .nOut(10).activation(Activation.SOFTMAX).build(), features)
                .setOutputs("head").build();
        long t0 = System.nanoTime();
        ListDataSetIterator<DataSet> it = new ListDataSetIterator<>(data.asList(), batch);
        for (int e = 0; e < epochs; e++) {
            it.reset();
            naive.fit(it);
        }
        double naiveSeconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "naive (DL4J TransferLearning + fit): %.1f s%n", naiveSeconds);

        // cached: transfer4j
        TransferModel model = TransferModel.from(Zoo.resnet50().includeTop(false).pooling(Pooling.AVG)
                        .inputShape(size, size, 3).seed(1))
                .newHead(Head.classes(10)).freezeAllExcept(Head.OUTPUT);
        long t1 = System.nanoTime();
        TrainingResult r = new Trainer(model.graph(), TrainingConfig.builder(epochs).batchSize(batch).optimizer(new Adam(1e-3))
                .featureCaching(FeatureCaching.REQUIRED).progressBar(false).build()).fit(data, null);
        double cachedSeconds = (System.nanoTime() - t1) / 1e9;
        System.out.printf(Locale.ROOT, "cached (transfer4j Trainer): %.1f s, final loss %.4f%n", cachedSeconds, r.last().trainLoss());
        return new Result(images, size, epochs, naiveSeconds, cachedSeconds);
    }
}
