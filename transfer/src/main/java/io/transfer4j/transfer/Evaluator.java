package io.transfer4j.transfer;

import io.transfer4j.dsl.BatchNormFolding;
import java.io.File;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.datavec.api.records.metadata.RecordMetaData;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * Evaluates a classifier on labelled data (features already preprocessed, as data iterators deliver
 * them), optionally with flip test-time augmentation, and produces an {@link EvaluationReport}.
 *
 * <pre>{@code
 * EvaluationReport r = Evaluator.of(model).topK(3).tta(true).evaluate(data.test());
 * }</pre>
 *
 * Top losses name their files when the data carries DL4J example metadata ({@code RecordMetaData},
 * a {@code Path}, {@code File}, {@code URI} or string per example) or when the files are passed in order.
 */
public final class Evaluator {
    private final TransferModel model;
    private boolean tta;
    private int k = 5;
    private int keep = 10;
    private boolean foldBatchNorm = true;

    private Evaluator(TransferModel model) {
        this.model = model;
    }

    public static Evaluator of(TransferModel model) {
        return new Evaluator(model);
    }

    /** Averages predictions over the image and its mirror image (image inputs only; vectors are left as they are). */
    public Evaluator tta(boolean flip) {
        this.tta = flip;
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
        List<String> dataLabels = data.getLabels();
        boolean named = model.labelsOrNull() != null;
        List<String> labels = !named && dataLabels != null && dataLabels.size() == model.outputSize() ? dataLabels : model.labels();
        if (named && dataLabels != null && !dataLabels.isEmpty() && !dataLabels.equals(labels)) {
            throw new IllegalArgumentException("mismatched label sets: the data has classes " + dataLabels
                    + " but model '" + model.name() + "' predicts " + labels
                    + "; evaluate on data with the model's classes in the same order (or give the model a new head)");
        }
        if (data.resetSupported()) {
            data.reset();
        }
        EvaluationReport.Builder b = new EvaluationReport.Builder(labels, k, keep);
        ComputationGraph graph = foldBatchNorm ? BatchNormFolding.forInference(model.graph()) : model.graph();
        int seen = 0;
        while (data.hasNext()) {
            DataSet d = data.next();
            int n = (int) d.numExamples();
            if (d.getLabels().size(1) != labels.size()) {
                throw new IllegalArgumentException("the data has " + d.getLabels().size(1) + " classes but model '"
                        + model.name() + "' has " + labels.size() + " outputs " + labels);
            }
            INDArray p = FlipTta.probabilities(graph, d.getFeatures(), tta);
            b.add(d.getLabels(), p, names(d, sources, seen, n));
            seen += n;
        }
        if (seen == 0) {
            throw new IllegalArgumentException("no examples to evaluate: the data iterator is empty");
        }
        return b.build();
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
