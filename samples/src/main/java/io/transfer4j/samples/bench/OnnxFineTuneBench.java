package io.transfer4j.samples.bench;

import io.transfer4j.samples.bench.OnnxBenchmark.Options;
import io.transfer4j.samples.bench.OnnxBenchmark.Row;
import io.transfer4j.samples.bench.OnnxBenchmark.Stopwatch;
import io.transfer4j.transfer.Head;
import io.transfer4j.transfer.TransferModel;
import io.transfer4j.transfer.onnx.Engine;
import io.transfer4j.transfer.train.FeatureCaching;
import io.transfer4j.transfer.train.Trainer;
import io.transfer4j.transfer.train.TrainingConfig;
import io.transfer4j.transfer.train.TrainingResult;
import io.transfer4j.zoo.Zoo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The workflow transfer learning exists for: a frozen ResNet50 trunk (224x224x3), a new 5-class head
 * trained for {@code epochs} epochs over {@code images} images, with the {@link Trainer} three ways:
 * DL4J recomputing the trunk every epoch (naive), DL4J computing trunk features once (cached), and ONNX
 * Runtime computing them once (cached; the export is part of the time). Images are random: speed does not
 * depend on their content. The naive run may do fewer epochs ({@code naiveEpochs}); its time is then
 * scaled to {@code epochs} (each epoch is the same work) and the row says so.
 */
final class OnnxFineTuneBench {
    private static final int CLASSES = 5;
    /** Batch of the head's training steps (and so of the naive run's trunk passes): the forward figures' batch. */
    private static final int HEAD_BATCH = 8;

    private OnnxFineTuneBench() {
    }

    /**
     * PyTorch's naive loop estimated from its measured forward rate: every epoch runs the frozen trunk forward
     * over every image (the head's forward and backward on a 2048-vector are negligible beside it).
     */
    static double pytorchNaiveSeconds(Options o) {
        return (double) o.epochs() * o.images() / OnnxBenchmark.PYTORCH_RESNET50_FORWARD;
    }

    static List<Row> run(Options o, Path cache) {
        TransferModel model = TransferModel.from(Zoo.resnet50()).freezeAll().newHead(Head.classes(CLASSES));
        DataSet all = randomImages(o.images());
        DataSet subset = o.dl4jImages() < o.images() ? (DataSet) all.getRange(0, o.dl4jImages()) : all;
        List<Row> rows = new ArrayList<>();
        int naiveEpochs = Math.min(o.naiveEpochs(), o.epochs());
        rows.add(fit(model, subset, o, naiveEpochs, FeatureCaching.OFF, Engine.Kind.DL4J, "DL4J-naive", cache));
        rows.add(fit(model, subset, o, o.epochs(), FeatureCaching.REQUIRED, Engine.Kind.DL4J, "DL4J-cached", cache));
        rows.add(fit(model, all, o, o.epochs(), FeatureCaching.REQUIRED, Engine.Kind.ONNX_RUNTIME, "ORT-cached", cache));
        return rows;
    }

    /**
     * One Trainer run; when it covers fewer images or epochs than the workload, its times are scaled up
     * linearly (trunk and head work both grow with images x epochs for naive, with images for cached).
     */
    private static Row fit(TransferModel model, DataSet data, Options o, int epochs, FeatureCaching caching, Engine.Kind kind,
                           String label, Path cache) {
        TrainingConfig c = TrainingConfig.builder(epochs).batchSize(HEAD_BATCH).seed(1).featureCaching(caching).engine(kind)
                .engineCacheDir(cache).progressBar(false).build();
        Stopwatch t = Stopwatch.start();
        // Batches of HEAD_BATCH for the trunk too: DL4J's ResNet50 at 224x224 needs > 7 GB for the feature
        // cache's default trunk batch of 64 images (measured: killed by the memory limit).
        TrainingResult r = new Trainer(model.graph(), c).fit(new ListDataSetIterator<>(data.asList(), HEAD_BATCH), null);
        double wall = t.wallSeconds();
        double cpu = t.cpuSeconds();
        int n = data.numExamples();
        double scale = (double) o.images() / n * o.epochs() / epochs;
        String note = String.format(Locale.ROOT, "ran %d epochs x %d images (%.1f s wall, %.1f s CPU)", epochs, n, wall, cpu)
                + (scale > 1 ? String.format(Locale.ROOT, ", times scaled x%.2f to the workload", scale) : "")
                + (r.cachedFeatures() ? ", trunk features cached" : ", trunk run every epoch");
        Row row = new Row("workflow", "ResNet50 frozen, " + o.epochs() + " head epochs x " + o.images() + " images", label,
                n * epochs, wall, cpu, scale, note);
        OnnxBenchmark.log(row, o);
        return row;
    }

    private static DataSet randomImages(int n) {
        Nd4j.getRandom().setSeed(7);
        INDArray x = Nd4j.rand(DataType.FLOAT, n, 3, 224, 224);
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, CLASSES);
        for (int i = 0; i < n; i++) {
            y.putScalar(i, i % CLASSES, 1);
        }
        return new DataSet(x, y);
    }
}
