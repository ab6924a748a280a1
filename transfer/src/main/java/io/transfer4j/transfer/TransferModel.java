package io.transfer4j.transfer;

import io.transfer4j.dsl.Network;
import io.transfer4j.dsl.Shape;
import io.transfer4j.dsl.Summary;
import io.transfer4j.transfer.train.ReplacedGraphs;
import io.transfer4j.zoo.ModelBuilder;
import io.transfer4j.zoo.ModelInfo;
import io.transfer4j.zoo.Pooling;
import io.transfer4j.zoo.Preprocessing;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * A network being transferred: any DL4J graph plus what fine-tuning and prediction need to know about it
 * (input shape, class labels, preprocessing, which layers are frozen, how frozen BatchNorm behaves,
 * per-layer learning-rate multipliers and the training recipe). Surgery methods change the model in place
 * and return it, so a recipe reads top to bottom:
 *
 * <pre>{@code
 * TransferModel model = TransferModel.from(Zoo.vgg16().weights("imagenet").includeTop(false))
 *     .freezeAll()
 *     .newHead(Head.labels("cobblestone", "interlocking", "unpaved").hidden(256).dropout(0.5));
 * System.out.println(model.summary());
 * model.save(Path.of("roads.t4j.zip"));
 * }</pre>
 *
 * <p>Freezing wraps a layer in DL4J's {@code FrozenLayerWithBackprop}: its parameters never change, it runs
 * in inference mode (a frozen BatchNorm keeps its running statistics, Keras's behaviour) and gradients
 * still pass through it. {@link #trainBn(boolean) trainBn(true)} keeps BatchNorm layers training (fastai's
 * {@code train_bn}). Only layers with parameters are frozen; dropout stays active in training.
 *
 * <p>Every surgery call builds a new {@link ComputationGraph} that adopts the trained parameters:
 * always ask {@link #graph()} again after one (or train through a {@link Learner}, which does). A Trainer
 * given the old graph refuses to train it ({@link ReplacedGraphs}). The optimizer state starts fresh after surgery.
 */
public final class TransferModel extends LayerFreezing {
    private String name;
    private ComputationGraph graph;
    private final List<Shape> inputShapes;
    private final ModelInfo info;
    private List<String> labels;
    private Preprocessing preprocessing;
    private final LayerSettings settings;
    private final Map<String, String> recipe = new LinkedHashMap<>();
    private double[] thresholds;                  // multi-label decision thresholds; null = 0.5 each

    TransferModel(String name, ComputationGraph graph, List<Shape> inputShapes, ModelInfo info) {
        this.name = name;
        this.graph = graph;
        this.inputShapes = List.copyOf(inputShapes);
        this.info = info;
        this.settings = new LayerSettings(graph.getConfiguration());
        this.preprocessing = ImageInput.defaultPreprocessing(info, inputShapes.get(0));
    }

    /** A DSL network; images are scaled to 0..1 unless {@link #preprocessing(Preprocessing)} says otherwise. */
    public static TransferModel from(Network network) {
        return new TransferModel(network.name(), network.graph(), network.inputShapes(), null);
    }

    /**
     * A zoo model as its builder describes it (weights loaded by {@code build()}), with its metadata.
     * <pre>{@code TransferModel.from(Zoo.vgg16().weights("imagenet").includeTop(false).inputShape(160, 160, 3))}</pre>
     */
    public static TransferModel from(ModelBuilder zooModel) {
        return from(zooModel.build(), zooModel.info());
    }

    /** A zoo network with its metadata: the head is cut at {@code info.featureLayer()}, its preprocessing is used. */
    public static TransferModel from(Network network, ModelInfo info) {
        return new TransferModel(info.name(), network.graph(), network.inputShapes(), info);
    }

    /**
     * Any initialised DL4J graph. Input shapes are needed for image inputs (a graph does not record them);
     * for vector inputs they are read from the first layer.
     */
    public static TransferModel from(ComputationGraph graph, Shape... inputShapes) {
        if (graph.getConfiguration() == null || graph.params() == null) {
            throw new IllegalArgumentException("the graph is not initialised; call graph.init() first");
        }
        return new TransferModel("graph", graph, inputShapes.length > 0 ? List.of(inputShapes) : GraphSurgery.guessInputs(graph), null);
    }

    /** A MultiLayerNetwork, converted with {@code toComputationGraph()} (layers are named "0", "1", ...). */
    public static TransferModel from(MultiLayerNetwork network, Shape... inputShapes) {
        return from(network.toComputationGraph(), inputShapes);
    }

    /**
     * An ONNX CNN (PyTorch's {@code torch.onnx.export}, tf2onnx, Keras 3's ONNX export) imported as a trainable model
     * ({@link io.transfer4j.transfer.onnx.OnnxImport}) with metadata like a zoo model's: {@code newHead} cuts before its
     * final dense classifier, and images are fed with {@code preprocessing} (null: scaled to 0..1); both are saved by
     * {@link #save}.
     * <pre>{@code TransferModel.fromOnnx(Path.of("resnet18.onnx"), Preprocessing.parse("torch", 224, 224)).freezeAll().newHead(Head.classes(3))}</pre>
     */
    public static TransferModel fromOnnx(Path onnxFile, Preprocessing preprocessing) {
        return OnnxModelImport.load(onnxFile, null, preprocessing);
    }

    /** {@link #fromOnnx(Path, Preprocessing)} for a file whose input size is open (dynamic axes): given {@code inputShape}. */
    public static TransferModel fromOnnx(Path onnxFile, Shape inputShape, Preprocessing preprocessing) {
        return OnnxModelImport.load(onnxFile, inputShape, preprocessing);
    }

    // ---- what the model is --------------------------------------------------------------------------

    /** The current graph; replaced by every surgery call, so do not keep it across them. */
    public ComputationGraph graph() {
        return graph;
    }

    public String name() {
        return name;
    }

    public TransferModel name(String newName) {
        this.name = java.util.Objects.requireNonNull(newName, "name");
        return this;
    }

    public List<Shape> inputShapes() {
        return inputShapes;
    }

    public Optional<ModelInfo> info() {
        return Optional.ofNullable(info);
    }

    /** Size of the (first) output: the number of classes for a classifier, the feature width when headless. */
    public int outputSize() {
        String out = graph.getConfiguration().getNetworkOutputs().get(0);
        InputType t = GraphSurgery.types(graph.getConfiguration(), inputShapes).get(out);
        return (int) t.arrayElementsPerExample();
    }

    /**
     * Number of classes: the output size, or the channels of an output map (a {@link Convolutionalize}d model's
     * class scores per cell).
     */
    public int classCount() {
        String out = graph.getConfiguration().getNetworkOutputs().get(0);
        InputType t = GraphSurgery.types(graph.getConfiguration(), inputShapes).get(out);
        return t instanceof InputType.InputTypeConvolutional c ? (int) c.getChannels() : (int) t.arrayElementsPerExample();
    }

    /** Class labels in output order; "0".."n-1" when none were given. */
    public List<String> labels() {
        return labels != null ? labels : IntStream.range(0, classCount()).mapToObj(Integer::toString).toList();
    }

    /** Sets the class labels; their number must equal the class count (output size, or channels of an output map). */
    public TransferModel labels(List<String> newLabels) {
        if (newLabels.size() != classCount()) {
            throw new IllegalArgumentException("model '" + name + "' has " + classCount() + " outputs but "
                    + newLabels.size() + " labels were given " + newLabels + "; put a new head for them: newHead(Head.labels(...))");
        }
        this.labels = List.copyOf(newLabels);
        return this;
    }

    /** Whether the head is multi-label: one sigmoid per label, any number of them true ({@link Head#multiLabel()}). */
    public boolean isMultiLabel() {
        return io.transfer4j.transfer.train.MultiLabelOutput.isMultiLabel(graph);
    }

    /** A multi-label model's decision threshold per label, in label order: 0.5 each unless set (saved with the model). */
    public double[] thresholds() {
        return thresholds != null ? thresholds.clone() : java.util.stream.DoubleStream.generate(() -> 0.5).limit(classCount()).toArray();
    }

    /**
     * Sets the thresholds of a multi-label model (one per label, in (0, 1)), e.g. tuned on validation data:
     * {@code model.thresholds(Evaluator.of(model).evaluateMultiLabel(data.validation()).bestThresholds())}.
     */
    public TransferModel thresholds(double... perLabel) {
        if (!isMultiLabel()) {
            throw new IllegalStateException("model '" + name + "' is not multi-label; thresholds apply to a Head.multiLabel() head");
        }
        if (perLabel.length != classCount() || java.util.Arrays.stream(perLabel).anyMatch(t -> !(t > 0 && t < 1))) {
            throw new IllegalArgumentException("model '" + name + "' needs " + classCount() + " thresholds in (0, 1), one per label "
                    + labels() + ", got " + java.util.Arrays.toString(perLabel));
        }
        this.thresholds = perLabel.clone();
        return this;
    }

    /** How raw 0..255 RGB images are turned into network input; null for non-image inputs. */
    public Preprocessing preprocessing() {
        return preprocessing;
    }

    public TransferModel preprocessing(Preprocessing p) {
        this.preprocessing = p;
        return this;
    }

    /** The training recipe: free-form keys the Trainer fills (epochs, lr, optimizer, schedule...); saved with the model. */
    public Map<String, String> recipe() {
        return recipe;
    }

    public TransferModel recipe(String key, Object value) {
        recipe.put(key, String.valueOf(value));
        return this;
    }

    /** Every vertex name in topological order (inputs excluded). */
    public List<String> layerNames() {
        return GraphSurgery.order(graph.getConfiguration());
    }

    /** Layers whose parameters are frozen now (with trainBn, BatchNorm layers are not among them). */
    public Set<String> frozenLayers() {
        return Collections.unmodifiableSet(effectiveFrozen());
    }

    private Set<String> effectiveFrozen() {
        return settings.effectiveFrozen(graph.getConfiguration());
    }

    /** Layers with parameters that training changes. */
    public List<String> trainableLayers() {
        Set<String> f = frozenLayers();
        return GraphSurgery.paramLayers(graph.getConfiguration()).stream().filter(n -> !f.contains(n)).toList();
    }

    public boolean isFrozen(String layer) {
        LayerSelector.require(layer, layerNames());
        return frozenLayers().contains(layer);
    }

    public boolean trainBn() {
        return settings.trainBn();
    }

    /** Learning-rate multiplier of a layer (1 unless set). */
    public double lrMultiplier(String layer) {
        LayerSelector.require(layer, layerNames());
        return settings.rates().get(layer);
    }

    // ---- freezing -----------------------------------------------------------------------------------

    @Override
    public TransferModel freeze(LayerSelector which) {
        settings.freeze(graph.getConfiguration(), which.resolve(layerNames()));
        return refresh();
    }

    @Override
    public TransferModel unfreeze(LayerSelector which) {
        settings.unfreeze(which.resolve(layerNames()));
        return refresh();
    }

    /**
     * Whether BatchNorm layers keep training while frozen around them (default false: a frozen BatchNorm
     * uses and keeps its running statistics). With true, BN layers selected for freezing are left
     * trainable: gamma/beta learn and the running statistics follow the new data.
     */
    public TransferModel trainBn(boolean train) {
        settings.trainBn(train);
        return refresh();
    }

    // ---- heads --------------------------------------------------------------------------------------

    /** Replaces everything after the cut point with {@code head}; the new layers are trainable. */
    public TransferModel newHead(Head head) {
        String cut = Head.cutPoint(graph.getConfiguration(), info, head.cutAt, name);
        ComputationGraphConfiguration c = Head.attach(graph.getConfiguration(), inputShapes, cut, head, head.pooling,
                settings.rates().first(graph.getConfiguration()));
        replaceGraph(c);
        this.labels = head.labels;
        this.thresholds = null;
        return this;
    }

    /** Removes the head: the model outputs the features at the metadata's feature layer, pooled. */
    public TransferModel headless(Pooling pooling) {
        return headless(null, pooling);
    }

    /** Removes everything after {@code cut} (null: the metadata's feature layer) and pools its output. */
    public TransferModel headless(String cut, Pooling pooling) {
        ComputationGraphConfiguration c = Head.attach(graph.getConfiguration(), inputShapes, Head.cutPoint(graph.getConfiguration(), info, cut, name), null,
                java.util.Objects.requireNonNull(pooling, "pooling"), settings.rates().first(graph.getConfiguration()));
        replaceGraph(c);
        this.labels = null;
        this.thresholds = null;
        return this;
    }

    private void replaceGraph(ComputationGraphConfiguration c) {
        settings.retain(GraphSurgery.order(c));
        setGraph(GraphSurgery.rebuild(graph, c));
        refresh();
    }

    /**
     * Makes {@code next} the model's graph and marks the old one replaced ({@link ReplacedGraphs}), naming the
     * public call that did it, so a Trainer still holding the old graph fails at once instead of training it.
     */
    private void setGraph(ComputationGraph next) {
        if (next != graph) {
            String call = StackWalker.getInstance().walk(frames -> frames
                    .takeWhile(f -> f.getClassName().equals(TransferModel.class.getName())
                            || f.getClassName().equals(LayerFreezing.class.getName()))
                    .reduce((first, second) -> second).map(StackWalker.StackFrame::getMethodName).orElse("a surgery call"));
            ReplacedGraphs.retire(graph, name, call + "(...)");
            graph = next;
        }
    }

    /**
     * Takes {@code trained} as the model's graph: a checkpoint of this model's own graph being resumed
     * ({@link Learner}). Its layers must be this model's.
     */
    void adopt(ComputationGraph trained) {
        List<String> names = GraphSurgery.order(trained.getConfiguration());
        if (!names.equals(layerNames())) {
            throw new IllegalArgumentException("the checkpoint's model has layers " + names + " but model '" + name + "' has "
                    + layerNames() + "; it was written by another model: delete the checkpoint directory or point at the right one");
        }
        setGraph(trained);
    }

    // ---- learning rates -----------------------------------------------------------------------------

    /**
     * Multiplies the learning rate of the selected layers by {@code multiplier} (discriminative learning
     * rates). With a schedule, the whole schedule is multiplied: {@code lr(t) = multiplier · schedule(t)}.
     */
    public TransferModel lrMultiplier(LayerSelector which, double multiplier) {
        settings.lrMultiplier(graph.getConfiguration(), which.resolve(layerNames()), multiplier);
        return refresh();
    }

    /** {@link #lrMultiplier(LayerSelector, double)} for a glob / regex: pattern. */
    public TransferModel lrMultiplier(String pattern, double multiplier) {
        return lrMultiplier(LayerSelector.matching(pattern), multiplier);
    }

    /**
     * fastai's {@code slice(lo, hi)}: the layers are split into groups starting at {@code groupStarts}
     * (plus a first group from the input), and the multipliers run geometrically from {@code lowest} for
     * the first group to 1 for the last (usually the head).
     * <pre>{@code model.lrGroups(0.01, "block4_conv1", "head_pool");  // 0.01, 0.1, 1}</pre>
     */
    public TransferModel lrGroups(double lowest, String... groupStarts) {
        settings.lrGroups(graph.getConfiguration(), layerNames(), lowest, groupStarts);
        return refresh();
    }

    /**
     * Sets the optimizer of every layer (frozen ones included, for when they are unfrozen), each scaled by
     * its learning-rate multiplier. A schedule inside {@code updater} is kept and scaled per layer.
     */
    public TransferModel optimizer(IUpdater updater) {
        settings.rates().optimizer(GraphSurgery.paramLayers(graph.getConfiguration()), updater);
        return refresh();
    }

    /**
     * Changes the base learning rate in place, every layer getting {@code lr} times its multiplier, keeping
     * the optimizer state (for LR finders and hand-made schedules that change the rate between steps).
     * Do not use {@code graph().setLearningRate}: it gives every layer the same rate, and in DL4J M2.1 it
     * fails on a graph whose layers have different rates. A schedule set by {@link #optimizer} is replaced.
     */
    public void setLearningRate(double lr) {
        settings.rates().setLive(graph, lr, effectiveFrozen(), trainableLayers());
    }

    /** The current learning rate of a layer at an iteration and epoch (multiplier and schedule included). */
    public double learningRate(String layer, int iteration, int epoch) {
        LayerSelector.require(layer, layerNames());
        return RateMultipliers.current(graph.getConfiguration(), layer, iteration, epoch);
    }

    /** Re-applies the freeze set, BN mode and learning rates to a rebuilt graph. */
    TransferModel refresh() {
        setGraph(settings.applyTo(graph));
        return this;
    }

    // ---- inspection, saving -------------------------------------------------------------------------

    /** The layer table with frozen layers marked, plus what frozen BatchNorm does and any LR multipliers. */
    public Summary summary() {
        Summary s = Summary.of(name, GraphSurgery.forDisplay(graph.getConfiguration(), effectiveFrozen()), inputShapes);
        settings.notes(graph.getConfiguration()).forEach(s::note);
        return s;
    }

    /** Forward pass in inference mode on already preprocessed input. */
    public INDArray output(INDArray input) {
        return graph.outputSingle(false, input);
    }

    /** Saves everything into one file, atomically; see {@link ModelFile}. */
    public void save(Path file) {
        ModelFile.save(this, file);
    }

    /** Loads a model file saved by {@link #save}: same weights, labels, preprocessing, still frozen where it was. */
    public static TransferModel load(Path file) {
        return ModelFile.load(file);
    }

    // ---- package-private state for ModelFile ----------------------------------------------------------

    LayerSettings settings() {
        return settings;
    }

    List<String> labelsOrNull() {
        return labels;
    }
}
