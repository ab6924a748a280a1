package io.transfer4j.transfer;

import io.transfer4j.dsl.BatchNormFolding;
import io.transfer4j.dsl.PhaseTimes;
import io.transfer4j.transfer.onnx.Engine;
import io.transfer4j.transfer.train.EngineForward;
import java.io.File;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.datavec.api.records.metadata.RecordMetaData;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Evaluates a classifier on labelled data (features already preprocessed, as data iterators deliver
 * them), optionally with flip test-time augmentation, and produces an {@link EvaluationReport}.
 *
 * <pre>{@code
 * EvaluationReport r = Evaluator.of(model).topK(3).tta(true).evaluate(data.test());
 * }</pre>
 *
 * The model runs on the fastest engine by default (ONNX Runtime when it is on the classpath and the model exports,
 * a fine-tuned model's frozen trunk there and its head on DL4J); {@code engine(Engine.Kind.DL4J)} opts out.
 *
 * <p>Top losses name their files when the data carries DL4J example metadata ({@code RecordMetaData},
 * a {@code Path}, {@code File}, {@code URI} or string per example) or when the files are passed in order.
 */
public final class Evaluator {
    private final TransferModel model;
    private int ttaViews = 1;
    private int k = 5;
    private int keep = 10;
    private boolean foldBatchNorm = true;
    private Engine.Kind engineKind = Engine.Kind.AUTO;
    private Path engineCacheDir;

    private Evaluator(TransferModel model) {
        this.model = model;
    }

    public static Evaluator of(TransferModel model) {
        return new Evaluator(model);
    }

    /** Averages predictions over the image and its mirror image (image inputs only; vectors are left as they are). */
    public Evaluator tta(boolean flip) {
        return tta(flip ? 2 : 1);
    }

    /** Averages predictions over 1 (off), 2 (image + mirror), 5 (five crops) or 10 (five crops + mirrors) views of each image. */
    public Evaluator tta(int views) {
        this.ttaViews = Tta.check(views);
        return this;
    }

    /** The k of top-k accuracy (default 5, at most the number of classes). */
    public Evaluator topK(int topK) {
        if (topK < 1) {
            throw new IllegalArgumentException("top-k needs k >= 1, got " + topK);
        }
        this.k = topK;
        return this;
    }

    /** How many worst examples to keep (default 10). */
    public Evaluator topLosses(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("top losses count must be >= 0, got " + n);
        }
        this.keep = n;
        return this;
    }

    /**
     * Whether to evaluate with BatchNorm folded into the preceding convolutions, as {@link Classifier} predicts
     * (default true: same outputs within 1e-4, faster; one folded copy per {@code evaluate} call).
     */
    public Evaluator foldBatchNorm(boolean fold) {
        this.foldBatchNorm = fold;
        return this;
    }

    /**
     * What runs the model: {@code AUTO} (default: ONNX Runtime when it is on the classpath and the model exports,
     * else DL4J; a fine-tuned model's frozen trunk on ONNX Runtime and its head on DL4J, see {@link EngineForward}),
     * {@code DL4J} or {@code ONNX_RUNTIME}. Exports are cached in {@code cacheDir} (null: {@link Engine#defaultCacheDir()},
     * where the Trainer's feature cache puts its trunk by default, so evaluating after a fine-tune exports nothing).
     */
    public Evaluator engine(Engine.Kind kind, Path cacheDir) {
        this.engineKind = kind == null ? Engine.Kind.AUTO : kind;
        this.engineCacheDir = cacheDir;
        return this;
    }

    /** {@link #engine(Engine.Kind, Path)} with the default cache directory. */
    public Evaluator engine(Engine.Kind kind) {
        return engine(kind, null);
    }

    /** Whether evaluation folds BatchNorm (see {@link #foldBatchNorm}). */
    public boolean foldsBatchNorm() {
        return foldBatchNorm;
    }

    /** Evaluates every batch of {@code data} (reset first when it supports it). */
    public EvaluationReport evaluate(DataSetIterator data) {
        return evaluate(data, null);
    }

    /** As {@link #evaluate(DataSetIterator)}, with the source file of each example, in iteration order. */
    public EvaluationReport evaluate(DataSetIterator data, List<?> sources) {
        return PhaseTimes.time("evaluate", () -> evaluateAll(data, sources));
    }

    private EvaluationReport evaluateAll(DataSetIterator data, List<?> sources) {
        if (model.isMultiLabel()) {
            throw new IllegalArgumentException("model '" + model.name() + "' is multi-label (sigmoid outputs): evaluate it with "
                    + "evaluateMultiLabel(...), which reports mAP and F1 at its thresholds");
        }
        List<String> labels = checkedLabels(data);
        return onForward(data, forward -> {
            EvaluationReport.Builder b = new EvaluationReport.Builder(labels, k, keep);
            forEachBatch(data, labels, forward, (d, p, offset) -> b.add(d.getLabels(), p, names(d, sources, offset, (int) d.numExamples())));
            return b.build();
        });
    }

    /**
     * Evaluates a multi-label model ({@code Head.multiLabel()}) on data with multi-hot labels: mAP, F1, exact match,
     * each label decided at the model's threshold ({@link TransferModel#thresholds()}).
     *
     * <pre>{@code MultiLabelReport r = Evaluator.of(model).evaluateMultiLabel(data.test());}</pre>
     */
    public MultiLabelReport evaluateMultiLabel(DataSetIterator data) {
        if (!model.isMultiLabel()) {
            throw new IllegalArgumentException("model '" + model.name() + "' has a softmax head (one class per image); "
                    + "evaluate(...) it, or put a Head.multiLabel() head on it for data with several labels per image");
        }
        List<String> labels = checkedLabels(data);
        return PhaseTimes.time("evaluate", () -> onForward(data, forward -> {
            List<INDArray> targets = new ArrayList<>();
            List<INDArray> scores = new ArrayList<>();
            forEachBatch(data, labels, forward, (d, p, offset) -> {
                targets.add(d.getLabels());
                scores.add(p);
            });
            return MultiLabelReport.of(labels, Nd4j.concat(0, targets.toArray(INDArray[]::new)),
                    Nd4j.concat(0, scores.toArray(INDArray[]::new)), model.thresholds());
        }));
    }

    /** The labels to report under: the model's, checked against the data's. */
    private List<String> checkedLabels(DataSetIterator data) {
        List<String> dataLabels = data.getLabels();
        boolean named = model.labelsOrNull() != null;
        List<String> labels = !named && dataLabels != null && dataLabels.size() == model.outputSize() ? dataLabels : model.labels();
        if (named && dataLabels != null && !dataLabels.isEmpty() && !dataLabels.equals(labels)) {
            throw new IllegalArgumentException("mismatched label sets: the data has classes " + dataLabels
                    + " but model '" + model.name() + "' predicts " + labels
                    + "; evaluate on data with the model's classes in the same order (or give the model a new head)");
        }
        return labels;
    }

    /** Runs {@code work} with the forward pass of the configured engine (the BN-folded DL4J graph when that is the one). */
    private <R> R onForward(DataSetIterator data, java.util.function.Function<UnaryOperator<INDArray>, R> work) {
        if (data.resetSupported()) {
            data.reset();
        }
        EngineForward onEngine = engineKind == Engine.Kind.DL4J ? null : EngineForward.of(engineKind, model.graph(),
                model.inputShapes(), engineCacheDir != null ? engineCacheDir : Engine.defaultCacheDir());
        if (onEngine != null && onEngine.kind() == Engine.Kind.DL4J) {
            onEngine.close();     // AUTO fell back to DL4J: evaluate the BN-folded graph as with DL4J
            onEngine = null;
        }
        try {
            UnaryOperator<INDArray> forward = onEngine;
            if (forward == null) {
                ComputationGraph graph = foldBatchNorm ? BatchNormFolding.forInference(model.graph()) : model.graph();
                forward = x -> graph.outputSingle(false, x);
            }
            return work.apply(forward);
        } finally {
            if (onEngine != null) {
                onEngine.close();
            }
        }
    }

    /** What is done with each batch's data and (test-time augmented) outputs; {@code offset} = examples before it. */
    private interface BatchSink {
        void accept(DataSet batch, INDArray outputs, int offset);
    }

    /** Feeds every batch to {@code sink} (an empty iterator is an error). */
    private void forEachBatch(DataSetIterator data, List<String> labels, UnaryOperator<INDArray> forward, BatchSink sink) {
        int seen = 0;
        while (data.hasNext()) {
            DataSet d = data.next();
            if (d.getLabels().size(1) != labels.size()) {
                throw new IllegalArgumentException("the data has " + d.getLabels().size(1) + " classes but model '"
                        + model.name() + "' has " + labels.size() + " outputs " + labels);
            }
            sink.accept(d, Tta.probabilities(forward, d.getFeatures(), ttaViews), seen);
            seen += (int) d.numExamples();
        }
        if (seen == 0) {
            throw new IllegalArgumentException("no examples to evaluate: the data iterator is empty");
        }
    }

    private static List<String> names(DataSet d, List<?> sources, int offset, int n) {
        List<?> meta = sources != null ? sources.subList(Math.min(offset, sources.size()), Math.min(offset + n, sources.size()))
                : d.getExampleMetaData();
        if (meta == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (Object o : meta) {
            out.add(name(o));
        }
        return out;
    }

    private static String name(Object o) {
        if (o instanceof RecordMetaData r) {
            return r.getLocation() != null ? r.getLocation() : String.valueOf(r.getURI());
        }
        if (o instanceof Path || o instanceof File || o instanceof URI || o instanceof String) {
            return o.toString();
        }
        return o == null ? null : o.toString();
    }
}
