package io.transfer4j.transfer;

import io.transfer4j.dsl.BatchNormFolding;
import io.transfer4j.dsl.PhaseTimes;
import io.transfer4j.transfer.data.ImageFiles;
import io.transfer4j.transfer.onnx.Engine;
import io.transfer4j.transfer.train.EngineForward;
import io.transfer4j.zoo.Preprocessing;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Predicts with a saved model: loads the model file, applies its resizing and preprocessing to images
 * (files, BufferedImages or raw arrays) and returns the top-k classes with their labels (a multi-label model's
 * labels over their thresholds: {@link #predictLabels}).
 *
 * <pre>{@code
 * Classifier c = Classifier.load(Path.of("roads.zip"));
 * for (Prediction p : c.predict(Path.of("road.jpg"), 3)) {
 *     System.out.println(p);           // 2 unpaved 0.912345
 * }
 * }</pre>
 *
 * Images with another channel count are converted (gray → RGB, alpha dropped, RGB → gray).
 *
 * <p>Prediction runs on the fastest engine by default ({@code AUTO}): ONNX Runtime, several times faster on
 * CPUs, when it is on the classpath and the model exports, else DL4J; {@code engine(Engine.Kind.DL4J)} opts out.
 * Outputs agree with DL4J's within 1e-5. A fine-tuned model runs its frozen trunk on ONNX Runtime and its head on
 * DL4J ({@link EngineForward}); the export is made once (next to the model file, named by a hash of the
 * weights it contains) and reused by later runs. Close the classifier to release ONNX Runtime's session.
 *
 * <p>On DL4J, predictions run a copy of the graph with every BatchNorm that follows a convolution folded into it
 * ({@link BatchNormFolding}: same outputs within 1e-4, 1.85x faster ResNet50 inference in BENCHMARKS.md); the
 * model and its file stay unfolded and trainable. The copy is made at the first prediction and again after
 * the model trained (its iteration count moved) or its graph was replaced; {@link #foldBatchNorm(boolean)
 * foldBatchNorm(false)} predicts with the model's own graph. ONNX Runtime fuses Conv + BatchNormalization
 * itself (its graph optimisations are on), so the export stays unfolded.
 *
 * <p><b>Threads.</b> A classifier is safe to share between threads once configured (what a service does): any
 * number of threads may call the {@code predict*} and {@link #probabilities} methods at once and each gets the
 * same result as alone. Reading and resizing images runs in parallel; the forward pass itself runs one batch at
 * a time (DL4J's graph admits one call at a time, ONNX Runtime runs each batch on all cores), so batch
 * images ({@link #predictFiles}) rather than adding threads for throughput. The setters ({@link #engine},
 * {@link #tta}, {@link #foldBatchNorm}) and {@link #close} are safe too, but change what later predictions do.
 */
public final class Classifier implements AutoCloseable {
    private static final int BATCH = 16;
    private final Object lock = new Object();     // guards the forward pass and the lazily made engine / folded copy
    private TransferModel model;              // null while a saved file's recorded export serves predictions
    private final SavedExport saved;          // the file's content when loaded lazily (load(file, kind, dir)), else null
    private boolean exposed;                  // model() was handed out: it may change, so it is no longer the file's
    private final Preprocessing pre;
    private final Path modelFile;
    private volatile int ttaViews = 1;
    private Engine.Kind engineKind = Engine.Kind.AUTO;
    private Path engineCacheDir;
    private EngineForward engine;             // null until the first prediction on ONNX Runtime (or AUTO)
    private ComputationGraph engineFrom;      // the model graph the engine was made from ...
    private int engineAtIteration;            // ... and that graph's iteration count then
    private boolean foldBatchNorm = true;
    private ComputationGraph folded;          // the BN-folded copy, or the model's graph when nothing folds
    private ComputationGraph foldedFrom;      // the model graph it was made from ...
    private int foldedAtIteration;            // ... and that graph's iteration count then

    private Classifier(TransferModel model, Path modelFile) {
        this.model = model;
        this.saved = null;
        this.modelFile = modelFile;
        this.pre = model.preprocessing();
        if (pre == null) {
            throw new IllegalArgumentException("model '" + model.name() + "' has no image preprocessing (its input is "
                    + model.inputShapes().get(0) + "); a Classifier needs an image model, or set model.preprocessing(...)");
        }
    }

    /** A classifier for a model file written by {@link TransferModel#save}. */
    public static Classifier load(Path modelFile) {
        return new Classifier(ModelFile.load(modelFile), modelFile);
    }

    /**
     * A classifier for a model file on {@code kind} with exports cached in {@code cacheDir} (null: beside the file),
     * loaded only as far as predictions need: a file that references its frozen trunk, predicted on ONNX Runtime
     * before (by any process, same content), opens that export directly and never builds the DL4J graph nor reads
     * the trunk's weights ({@link SavedExport}); otherwise the model loads at the first prediction, as with
     * {@link #load(Path)}. {@link #model()} loads it too. What {@code ./transfer4j predict} uses.
     *
     * <pre>{@code
     * try (Classifier c = Classifier.load(Path.of("roads.zip"), Engine.Kind.AUTO, null)) {
     *     c.predict(Path.of("road.jpg"), 3);
     * }
     * }</pre>
     */
    public static Classifier load(Path modelFile, Engine.Kind kind, Path cacheDir) {
        Engine.Kind k = kind == null ? Engine.Kind.AUTO : kind;
        SavedExport s = k == Engine.Kind.DL4J ? null
                : PhaseTimes.time("load model", () -> SavedExport.read(modelFile, cacheDir != null ? cacheDir : besideFile(modelFile)));
        if (s == null) {
            return load(modelFile).engine(k, cacheDir);
        }
        return new Classifier(s, modelFile).engine(k, cacheDir);
    }

    private Classifier(SavedExport saved, Path modelFile) {
        this.model = null;
        this.saved = saved;
        this.modelFile = modelFile;
        this.pre = saved.preprocessing();
    }

    /** A classifier for a model in memory. */
    public static Classifier of(TransferModel model) {
        return new Classifier(model, null);
    }

    /** Averages each prediction with that of the mirrored image (test-time augmentation, twice the work). */
    public Classifier tta(boolean flip) {
        return tta(flip ? 2 : 1);
    }

    /**
     * Averages each prediction over {@code views} views of the image: 1 (off), 2 (image + mirror), 5 (five crops) or 10
     * (five crops + their mirrors), on whichever engine runs the model; {@code views} times the work.
     */
    public Classifier tta(int views) {
        this.ttaViews = Tta.check(views);
        return this;
    }

    /**
     * What runs the model: {@code AUTO} (default: ONNX Runtime when {@code com.microsoft.onnxruntime:onnxruntime}
     * is on the classpath and the model exports, else DL4J), {@code DL4J} or {@code ONNX_RUNTIME}. The
     * export is cached in {@code <model file>.onnx-cache/} beside the model file (for a model in memory: in
     * {@code transfer4j-onnx} in the temporary directory). The engine snapshots the weights at the next
     * prediction, and again after the model trained; call this again after setting weights by hand.
     */
    public Classifier engine(Engine.Kind kind) {
        return engine(kind, null);
    }

    /** {@link #engine(Engine.Kind)} with the exported model cached in {@code cacheDir} (null: the default place). */
    public Classifier engine(Engine.Kind kind, Path cacheDir) {
        synchronized (lock) {
            closeEngine();
            this.engineKind = kind == null ? Engine.Kind.AUTO : kind;
            this.engineCacheDir = cacheDir;
        }
        return this;
    }

    /**
     * Whether DL4J predictions run a copy of the graph with BatchNorm folded into the preceding convolutions
     * (default true; faster, same outputs within 1e-4, costs a second copy of the folded layers' weights).
     * {@code false} predicts with the model's graph itself. Call again after setting the model's weights by
     * hand (training through the Trainer or {@code fit} is noticed).
     */
    public Classifier foldBatchNorm(boolean fold) {
        synchronized (lock) {
            this.foldBatchNorm = fold;
            this.folded = null;
            this.foldedFrom = null;
        }
        return this;
    }

    /** Whether DL4J predictions fold BatchNorm (see {@link #foldBatchNorm}). */
    public boolean foldsBatchNorm() {
        synchronized (lock) {
            return foldBatchNorm;
        }
    }

    /** The graph DL4J predictions run: the model's, or its BN-folded copy (see {@link #foldBatchNorm}); call holding the lock. */
    ComputationGraph predictionGraph() {
        ComputationGraph g = model.graph();
        if (!foldBatchNorm) {
            return g;
        }
        if (folded == null || foldedFrom != g || foldedAtIteration != g.getIterationCount()) {
            folded = BatchNormFolding.forInference(g);
            foldedFrom = g;
            foldedAtIteration = g.getIterationCount();
        }
        return folded;
    }

    /** The engine predictions run on (AUTO resolved once the first prediction has run). */
    public Engine.Kind engineKind() {
        synchronized (lock) {
            return engine != null ? engine.kind() : engineKind;
        }
    }

    /** Releases the ONNX Runtime session, if any; the classifier can still predict (it reopens one). */
    @Override
    public void close() {
        synchronized (lock) {
            closeEngine();
        }
    }

    private void closeEngine() {
        if (engine != null) {
            engine.close();
            engine = null;
        }
    }

    private Path cacheDir() {
        if (engineCacheDir != null) {
            return engineCacheDir;
        }
        if (modelFile != null) {
            return besideFile(modelFile);
        }
        return Engine.defaultCacheDir();
    }

    private static Path besideFile(Path modelFile) {
        return modelFile.toAbsolutePath().resolveSibling(modelFile.getFileName() + ".onnx-cache");
    }

    public List<String> labels() {
        synchronized (lock) {
            return served() ? saved.labels() : loaded().labels();
        }
    }

    /** The model (loaded now if predictions have not needed it); changing it makes the next prediction export it anew. */
    public TransferModel model() {
        synchronized (lock) {
            exposed = true;
            return loaded();
        }
    }

    /** Whether a recorded export stands in for the model, not loaded so far; call holding the lock. */
    private boolean served() {
        return model == null && saved != null && saved.hit();
    }

    /** The model, loading the file now if it was loaded lazily; call holding the lock. */
    private TransferModel loaded() {
        if (model == null) {
            model = ModelFile.load(modelFile);
        }
        return model;
    }

    /** Whether the model is multi-label ({@link #predictLabels}), without loading it when a recorded export serves it. */
    public boolean isMultiLabel() {
        synchronized (lock) {
            return served() ? saved.multiLabel() : loaded().isMultiLabel();
        }
    }

    /**
     * Whether the model outputs a map of class scores per cell (a {@link Convolutionalize}d model), not one score
     * per class; such an output is not ranked into predictions. False without loading when a recorded export serves it.
     */
    public boolean outputsMap() {
        synchronized (lock) {
            return !served() && SavedExport.outputsMap(loaded());
        }
    }

    private String name() {
        synchronized (lock) {
            return model == null && saved != null ? saved.name() : loaded().name();
        }
    }

    /** Top-k classes of an image file (any size, gray/RGB/RGBA, 8 or 16 bit), resized to the model's input. */
    public List<Prediction> predict(Path image, int k) {
        return predictFiles(List.of(image), k).get(0);
    }

    /** Top-k classes of each file, computed in batches. */
    public List<List<Prediction>> predictFiles(List<Path> images, int k) {
        return PhaseTimes.time("predict", () -> predictAll(images, k));
    }

    private List<List<Prediction>> predictAll(List<Path> images, int k) {
        synchronized (lock) {
            if (engineKind != Engine.Kind.DL4J && served() && engine == null) {
                // before any image is read: ND4J's natives then load before OpenCV's, as on the full path (loading
                // OpenCV's first made javacpp's library search cost about 2 s more CPU, measured with predict)
                engine = PhaseTimes.time("export", saved::open);
            }
        }
        List<List<Prediction>> out = new ArrayList<>();
        for (int start = 0; start < images.size(); start += BATCH) {
            List<INDArray> batch = new ArrayList<>();
            for (Path p : images.subList(start, Math.min(images.size(), start + BATCH))) {
                try {
                    batch.add(ImageFiles.load(p, pre.height(), pre.width(), pre.channels()));
                } catch (IOException e) {
                    throw new IllegalArgumentException("cannot predict " + p + ": " + e.getMessage(), e);
                }
            }
            out.addAll(predictBatch(Nd4j.concat(0, batch.toArray(INDArray[]::new)), k));
        }
        return out;
    }

    /**
     * Every label of a multi-label model ({@code Head.multiLabel()}) whose score reaches its threshold
     * ({@link TransferModel#thresholds()}), most probable first; empty when none does.
     *
     * <pre>{@code
     * for (Prediction p : Classifier.load(Path.of("roads.zip")).predictLabels(Path.of("road.jpg"))) {
     *     System.out.println(p);     // 0 cobblestone 0.97, then 2 wet 0.71
     * }
     * }</pre>
     */
    public List<Prediction> predictLabels(Path image) {
        return predictLabelsFiles(List.of(image)).get(0);
    }

    /** {@link #predictLabels(Path)} of each file, computed in batches. */
    public List<List<Prediction>> predictLabelsFiles(List<Path> images) {
        double[] thresholds;
        synchronized (lock) {
            thresholds = !isMultiLabel() ? null : served() ? saved.thresholds() : loaded().thresholds();
        }
        if (thresholds == null) {
            throw new IllegalStateException("model '" + name() + "' has a softmax head (one class per image): use predict(image, k); "
                    + "predictLabels needs a Head.multiLabel() model");
        }
        return predictFiles(images, thresholds.length).stream()
                .map(ranked -> ranked.stream().filter(p -> p.probability() >= thresholds[p.index()]).toList()).toList();
    }

    /**
     * Top-k classes of an in-memory image of any type (gray, RGB, ARGB...), scaled to the model's input
     * with bilinear interpolation (Java2D; files are resized by OpenCV, so values may differ slightly).
     */
    public List<Prediction> predict(BufferedImage image, int k) {
        return predictBatch(ImageInput.rgb(ImageInput.scaled(image, pre.width(), pre.height())), k).get(0);
    }

    /**
     * Top-k classes of one raw image {@code [c, h, w]} or {@code [1, c, h, w]}: RGB (or gray, RGBA) values
     * 0..255 at the model's input size.
     */
    public List<Prediction> predict(INDArray image, int k) {
        if (image.rank() == 4 && image.size(0) != 1) {
            throw new IllegalArgumentException("predict(INDArray) takes one image; use predictBatch for " + image.size(0));
        }
        return predictBatch(image, k).get(0);
    }

    /** Top-k classes of each image of a raw batch {@code [n, c, h, w]}, values 0..255, RGB. */
    public List<List<Prediction>> predictBatch(INDArray images, int k) {
        INDArray p = probabilities(images);
        List<List<Prediction>> out = new ArrayList<>();
        for (int i = 0; i < p.size(0); i++) {
            out.add(top(p.getRow(i), k));
        }
        return out;
    }

    /** Class probabilities {@code [n, classes]} for a raw batch (channels converted, preprocessing applied). */
    public INDArray probabilities(INDArray images) {
        INDArray x = ImageInput.toChannels(images, pre.channels(), "image");
        if (x.size(2) != pre.height() || x.size(3) != pre.width()) {
            throw new IllegalArgumentException("image is " + x.size(2) + "x" + x.size(3) + " but model '" + name()
                    + "' takes " + pre.height() + "x" + pre.width() + "; resize it first, or pass a file or BufferedImage"
                    + " (those are resized for you)");
        }
        INDArray input = pre.apply(x);
        int views = ttaViews;
        synchronized (lock) {
            if (engineKind != Engine.Kind.DL4J && served()) {
                if (engine == null) {
                    engine = PhaseTimes.time("export", saved::open);   // the recorded export: no DL4J graph built
                }
                return Tta.probabilities(engine, input, views);
            }
            ComputationGraph g = loaded().graph();
            if (engine != null && (engineFrom != g || engineAtIteration != g.getIterationCount())) {
                closeEngine();   // the model trained or was replaced since the export (or a recorded one served it): export anew
            }
            if (engineKind != Engine.Kind.DL4J && engine == null) {
                engine = EngineForward.of(engineKind, g, model.inputShapes(), cacheDir());
                engineFrom = g;
                engineAtIteration = g.getIterationCount();
                if (saved != null && !exposed) {   // loaded here from the file, never handed out: still the file's model
                    saved.record(model, engine);
                }
            }
            if (engineKind == Engine.Kind.DL4J || engine.kind() == Engine.Kind.DL4J) {
                return Tta.probabilities(predictionGraph(), input, views);   // AUTO fell back: the BN-folded graph
            }
            return Tta.probabilities(engine, input, views);
        }
    }

    private List<Prediction> top(INDArray probs, int k) {
        return Prediction.top(probs.toDoubleVector(), labels(), k);
    }
}
