package io.transfer4j.samples.finetune;

import io.transfer4j.samples.Failure;
import io.transfer4j.transfer.Head;
import io.transfer4j.transfer.onnx.Engine;
import io.transfer4j.transfer.train.EarlyStopping;
import io.transfer4j.transfer.LayerSelector;
import io.transfer4j.transfer.Learner;
import io.transfer4j.transfer.LearnerData;
import io.transfer4j.transfer.TransferModel;
import io.transfer4j.transfer.data.Augment;
import io.transfer4j.transfer.data.ImageFolder;
import io.transfer4j.transfer.data.ImageFolderData;
import io.transfer4j.transfer.train.ClassWeights;
import io.transfer4j.transfer.train.DiskFeatureStore;
import io.transfer4j.transfer.train.FineTune;
import io.transfer4j.transfer.train.LabelSmoothing;
import io.transfer4j.transfer.train.MixUp;
import io.transfer4j.transfer.train.WeightDecay;
import io.transfer4j.zoo.ModelBuilder;
import io.transfer4j.zoo.Zoo;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The fine-tuning recipe's command-line arguments: {@code ./transfer4j finetune} (which changes the default model) and
 * the road-type samples (the Java {@code RoadTypes} and the Kotlin {@code RoadTypesKt}) parse these. {@code --help}
 * prints them with their defaults.
 *
 * <pre>{@code
 * FinetuneOptions o = FinetuneOptions.parse("--data", "roads", "--model", "resnet50", "--weights", "imagenet");
 * TransferModel model = TransferModel.from(o.baseModel());          // headless ResNet50, 224x224, ImageNet weights
 * Learner learner = o.learner(model, o.data(o.baseModel()));         // Adam + early stopping on validation accuracy
 * }</pre>
 */
@Command(name = "roads", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Fine-tunes an ImageNet network on roads/{cobblestone,interlocking,unpaved}.")
public class FinetuneOptions {   // not final: the CLI's finetune extends it to change the default model
    @Option(names = "--data", required = true, description = {"folder with one sub-folder of images per class, or a CSV of",
            "'path,label1;label2' rows for several labels per image (multi-label)"})
    public Path data;
    @Option(names = "--multi-label", description = {"several labels per image: --data has a sub-folder per label, and an image with several",
            "labels is in each of their folders under the same name (a CSV --data is multi-label already); sigmoid head, per-label",
            "thresholds tuned on the validation images, mAP and F1 in the report"})
    public boolean multiLabel;
    // No defaultValue attribute: the field's value is the default, so the CLI's finetune (FinetuneCommand.Options) can pick its own.
    @Option(names = "--model", description = {"zoo model (vgg16, resnet50, ...; default ${DEFAULT-VALUE}) or a model file,",
            "e.g. one written by 'transfer4j import' (its own input size, preprocessing and weights)"})
    public String model = "vgg16";
    @Option(names = "--weights", defaultValue = "imagenet",
            description = "weight tag (imagenet, through the verified cache) or a local .h5 / DL4J .zip / transfer4j .zip file (default ${DEFAULT-VALUE})")
    public String weights;
    @Option(names = "--size", defaultValue = "224", description = "input height and width in pixels (default ${DEFAULT-VALUE})")
    public int size;
    @Option(names = "--epochs", defaultValue = "10", description = "most epochs (default ${DEFAULT-VALUE})")
    public int epochs;
    @Option(names = "--patience", defaultValue = "3", description = "early stopping: epochs without better validation accuracy (default ${DEFAULT-VALUE})")
    public int patience;
    @Option(names = "--batch", defaultValue = "16", description = "mini-batch size (default ${DEFAULT-VALUE})")
    public int batch;
    @Option(names = "--micro-batches", defaultValue = "1", paramLabel = "N",
            description = {"compute each batch's gradient in N parts summed into one step: less memory when the trunk trains",
                    "(--freeze-up-to, --unfreeze-from), same result without batch norm; e.g. --batch 16 --micro-batches 4 (default ${DEFAULT-VALUE})"})
    public int microBatches;
    @Option(names = "--lr", defaultValue = "1e-3", description = "Adam learning rate of the new head (default ${DEFAULT-VALUE})")
    public double lr;
    @Option(names = "--hidden", defaultValue = "256", description = "hidden units of the new head, 0 for none (default ${DEFAULT-VALUE})")
    public int hidden;
    @Option(names = "--normalize", defaultValue = "0", paramLabel = "SCALE",
            description = "L2-normalise the features before the head, times SCALE (10 suits few images per class); 0 = off (the default)")
    public double normalize;
    @Option(names = "--freeze-up-to", paramLabel = "LAYER",
            description = "freeze the trunk only up to and including this layer (default: all of it); the rest trains with the head")
    public String freezeUpTo;
    @Option(names = "--unfreeze-from", paramLabel = "LAYER",
            description = "after the head, unfreeze this layer and all after it (e.g. block5_conv1, conv5_block1_1_conv) and fit again")
    public String unfreezeFrom;
    @Option(names = "--fine-tune-epochs", defaultValue = "5", description = "most epochs of that second fit, at lr / 10 (default ${DEFAULT-VALUE})")
    public int fineTuneEpochs;
    @Option(names = "--augment", description = "random crops, flips, rotation and colour jitter (slower: no feature caching; default off)")
    public boolean augment;
    @Option(names = "--weight-decay", defaultValue = "0", paramLabel = "L",
            description = "decoupled (AdamW-style) weight decay on the trained weights, not on biases or batch norm; 0 = off")
    public double weightDecay;
    @Option(names = "--label-smoothing", defaultValue = "0", paramLabel = "E", description = "label smoothing epsilon (0.1 is usual); 0 = off")
    public double labelSmoothing;
    @Option(names = "--mixup", defaultValue = "0", paramLabel = "ALPHA", description = "MixUp with Beta(ALPHA, ALPHA) mixing (0.2 is usual); 0 = off")
    public double mixup;
    @Option(names = "--cutmix", defaultValue = "0", paramLabel = "ALPHA",
            description = "CutMix with Beta(ALPHA, ALPHA) box sizes (1.0 is usual; needs images: no feature caching); 0 = off")
    public double cutmix;
    @Option(names = "--ema", defaultValue = "0", paramLabel = "DECAY",
            description = {"validate on and keep an exponential moving average of the weights with this decay (0.999 is usual,",
                    "0.9 for a few hundred steps); 0 = off"})
    public double ema;
    @Option(names = "--sampler", defaultValue = "shuffle", paramLabel = "shuffle|balanced",
            description = {"how each epoch draws training images: shuffle (each once, the default) or balanced (classes equally often,",
                    "with replacement, for imbalanced folders; needs cached features, so not with --augment or --cutmix)"})
    public String sampler;
    @Option(names = "--class-weights", paramLabel = "auto|W1,W2,...|FILE",
            description = {"class weights in the loss: auto (inverse class frequency, for imbalanced folders), one weight per class",
                    "in label order, or a file of 'label weight' lines"})
    public String classWeights;
    @Option(names = "--seed", defaultValue = "42", description = "seed of the split, shuffles and head initialisation (default ${DEFAULT-VALUE})")
    public long seed;
    @Option(names = "--out", description = "the fine-tuned model file (default: <data folder name>.zip, e.g. roads.zip)")
    public Path out;
    @Option(names = "--engine", defaultValue = "auto", paramLabel = "auto|dl4j|onnx",
            description = {"what runs the frozen trunk and the test predictions: auto (default: ONNX Runtime when the graph exports,",
                    "else DL4J), dl4j or onnx; exports are cached by a hash of their weights and reused by later runs"})
    public String engine;
    @Option(names = "--standalone", description = {"put every weight into the model file, frozen trunk included (a file to copy",
            "to another machine); by default the file references the frozen trunk kept once in the local store"})
    public boolean standalone;
    @Option(names = "--no-feature-store", description = {"do not read or keep trunk features in the store under the transfer4j home",
            "(by default a later run on the same images and trunk computes only new images; 'transfer4j cache list|clear')"})
    public boolean noFeatureStore;
    @Option(names = "--verbose", description = "print where the time went (load weights, build, export, featurize, train, ...)")
    public boolean verbose;
    @Option(names = "--report", description = "report folder (default: <data folder name>-report, e.g. roads-report)")
    public Path report;

    /** Fills {@code --out} and {@code --report} when not given: named after the data folder, in the working directory. */
    public FinetuneOptions derivePaths() {
        Path name = data == null ? null : data.toAbsolutePath().normalize().getFileName();
        String base = name == null ? "model" : name.toString().replaceFirst("(?i)\\.csv$", "");
        if (out == null) {
            out = Path.of(base + ".zip");
        }
        if (report == null) {
            report = Path.of(base + "-report");
        }
        return this;
    }

    /** A sample's body, run on parsed options. */
    @FunctionalInterface
    public interface Sample {
        void run(FinetuneOptions options) throws Exception;
    }

    /**
     * Parses {@code args} and runs {@code sample}; {@code --help} prints the usage. Bad arguments or a failure
     * print one line naming the problem and end the JVM with exit code 2 or 1 (TRANSFER4J_DEBUG=1 adds the trace).
     */
    public static void main(String[] args, Sample sample) {
        int code = execute(args, sample, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** {@link #main} without ending the JVM: returns the exit code, errors go to {@code err}. */
    public static int execute(String[] args, Sample sample, PrintStream err) {
        FinetuneOptions o;
        try {
            o = parse(args);
        } catch (CommandLine.ParameterException e) {
            err.println("error: " + e.getMessage());
            err.println("hint: --help lists the arguments");
            return 2;
        }
        try {
            if (o != null) {
                sample.run(o);
            }
            return 0;
        } catch (Exception e) {
            Failure.report(e, new PrintWriter(err, true));
            return 1;
        }
    }

    /** Parses {@code args}; prints usage and returns null for {@code --help}, throws on bad arguments. */
    public static FinetuneOptions parse(String... args) {
        FinetuneOptions o = new FinetuneOptions();
        CommandLine cl = new CommandLine(o);
        cl.parseArgs(args);
        if (cl.isUsageHelpRequested() || cl.isVersionHelpRequested()) {
            cl.usage(System.out);
            return null;
        }
        return o.derivePaths();
    }

    /** The new head for these labels: {@code --hidden} units, dropout 0.5, {@code --normalize} when set. */
    public Head head(java.util.List<String> labels) {
        if (!(normalize >= 0) || Double.isInfinite(normalize)) {
            throw new IllegalArgumentException("--normalize must be a positive scale (10 suits few images per class) or 0 for off, got "
                    + normalize);
        }
        Head h = Head.labels(labels).hidden(hiddenUnits()).dropout(0.5);
        return normalize > 0 ? h.normalize(normalize) : h;
    }

    /** {@link #head(java.util.List)} for {@code data}'s classes, a multi-label head for multi-label data. */
    public Head head(ImageFolderData data) {
        Head h = head(data.classNames());
        return data.isMultiLabel() ? h.multiLabel() : h;
    }

    /** The head's hidden layer sizes: {@code --hidden}, or none for 0. */
    public int[] hiddenUnits() {
        return hidden > 0 ? new int[] {hidden} : new int[0];
    }

    /** Names the unset output paths ({@link #derivePaths}) and rejects a micro-batch count outside 1..{@code --batch}: call it before any loading. */
    public FinetuneOptions check() {
        derivePaths();
        if (!(weightDecay >= 0) || !(labelSmoothing >= 0 && labelSmoothing < 1) || !(mixup >= 0) || !(cutmix >= 0)) {
            throw new IllegalArgumentException("--weight-decay, --mixup and --cutmix must be >= 0 and --label-smoothing in [0, 1); got "
                    + weightDecay + ", " + mixup + ", " + cutmix + ", " + labelSmoothing);
        }
        if (!sampler.equals("shuffle") && !sampler.equals("balanced")) {
            throw new IllegalArgumentException("--sampler must be shuffle or balanced, got '" + sampler + "'");
        }
        if (!(ema >= 0 && ema < 1)) {
            throw new IllegalArgumentException("--ema takes a decay in [0, 1) (0.999 is usual; 0 = off), got " + ema);
        }
        if (microBatches < 1 || microBatches > batch) {
            throw new IllegalArgumentException("--micro-batches must be between 1 and --batch (" + batch + "), got " + microBatches);
        }
        return this;
    }

    /**
     * A learner for {@code model} on the folder: Adam at {@code --lr}, early stopping on validation accuracy with
     * {@code --patience}, the seed and {@code --micro-batches}.
     */
    public Learner learner(TransferModel model, ImageFolderData data) {
        check();
        ClassWeights weights = classWeights(data.classNames());
        return Learner.of(model, LearnerData.of(data)).lr(lr).settings(c -> {
            c.seed(seed).microBatches(microBatches).engine(engineKind()).earlyStopping(EarlyStopping.onValidationAccuracy(patience)).classWeights(weights)
                    .weightDecay(weightDecay > 0 ? WeightDecay.decoupled(weightDecay) : null)
                    .featureStore(noFeatureStore ? null : DiskFeatureStore.fromEnvironment());
            if (ema > 0) {
                c.ema(ema);
            }
            c.balancedSampling(sampler.equals("balanced"));
            if (labelSmoothing > 0) {
                c.batchTransform(data.isMultiLabel() ? LabelSmoothing.binary(labelSmoothing) : new LabelSmoothing(labelSmoothing));
            }
            if (mixup > 0 || cutmix > 0) {
                c.batchTransform(new MixUp(mixup, cutmix, mixup > 0 && cutmix > 0 ? 0.5 : cutmix > 0 ? 1 : 0, 1));
            }
            return c;
        });
    }

    /** {@code --class-weights}: null, balanced for "auto", a file of {@code label weight} lines, or the listed weights. */
    private ClassWeights classWeights(java.util.List<String> classNames) {
        if (classWeights == null || classWeights.isBlank()) {
            return null;
        }
        if (classWeights.trim().equalsIgnoreCase("auto")) {
            return ClassWeights.balanced();
        }
        if (Files.isRegularFile(Path.of(classWeights.trim()))) {
            return ClassWeights.read(Path.of(classWeights.trim()), classNames);
        }
        try {
            return ClassWeights.of(java.util.Arrays.stream(classWeights.split(",")).mapToDouble(w -> Double.parseDouble(w.trim())).toArray());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--class-weights takes auto, positive numbers separated by commas (1,4.5,2) or a file "
                    + "of 'label weight' lines, got '" + classWeights + "' (no such file)");
        }
    }

    /** {@code --epochs} on the head, then {@code --fine-tune-epochs} from {@code --unfreeze-from} on at {@code --lr} / 10. */
    public FineTune fineTune() {
        return FineTune.builder(epochs, fineTuneEpochs).lr(lr).unfreeze(LayerSelector.from(unfreezeFrom)).build();
    }

    /** The zoo model frozen (all of its trunk, or up to {@code --freeze-up-to}) with the new head for {@code data}'s classes. */
    public TransferModel model(ModelBuilder base, ImageFolderData data) {
        return model(TransferModel.from(base), data);
    }

    /** A loaded model (e.g. an imported ONNX network's file) frozen like {@link #model(ModelBuilder, ImageFolderData)}, with the new head. */
    public TransferModel model(TransferModel model, ImageFolderData data) {
        return (freezeUpTo == null ? model.freezeAll() : model.freezeUpTo(freezeUpTo)).newHead(head(data));
    }

    /** Whether {@code --model} names a saved model file (an imported or fine-tuned model) rather than a zoo model. */
    public boolean modelIsFile() {
        return Files.isRegularFile(Path.of(model)) || model.endsWith(".zip");
    }

    /** The image folder at a saved model's own input size and preprocessing (split, seed, augmentation, batch as for the zoo). */
    public ImageFolderData data(TransferModel model) {
        io.transfer4j.dsl.Shape in = model.inputShapes().get(0);
        if (!in.image()) {
            throw new IllegalArgumentException("--model " + this.model + " takes vectors " + in + ", not images");
        }
        return folder().preprocessing(model.preprocessing()).inputSize(in.height(), in.width(), in.channels())
                .split(0.7, 0.15, 0.15).seed(seed).augment(augment ? Augment.standard() : Augment.none()).batchSize(batch).load();
    }

    /**
     * Fits for {@code --epochs}, or with {@code --unfreeze-from} fine-tunes in two phases; each phase goes into
     * {@code report}. Returns the head's run and the trunk's (null without {@code --unfreeze-from}).
     */
    public FineTune.Result train(Learner learner, FinetuneReport report) {
        FineTune.Result r = unfreezeFrom == null ? new FineTune.Result(learner.fit(epochs), null) : learner.fineTune(fineTune());
        report.training(r.head()).training(r.unfrozen());
        return r;
    }

    /** The image folder split 70/15/15 at the model's size and preprocessing, augmented with {@code --augment}. */
    public ImageFolderData data(ModelBuilder base) {
        return folder().preprocessing(base.info()).inputSize(size, size, 3).split(0.7, 0.15, 0.15).seed(seed)
                .augment(augment ? Augment.standard() : Augment.none()).batchSize(batch).load();
    }

    /** {@code --data} as an image folder, multi-label with {@code --multi-label} (or for a CSV). */
    private ImageFolder folder() {
        ImageFolder f = ImageFolder.of(data);
        return multiLabel ? f.multiLabel() : f;
    }

    /** The {@code --engine} choice. */
    public Engine.Kind engineKind() {
        return engineKind(engine, "--engine");
    }

    /** {@code auto}, {@code dl4j} or {@code onnx} (also {@code ort}, {@code onnxruntime}) as an engine kind. */
    public static Engine.Kind engineKind(String value, String option) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "auto" -> Engine.Kind.AUTO;
            case "dl4j" -> Engine.Kind.DL4J;
            case "onnx", "ort", "onnxruntime" -> Engine.Kind.ONNX_RUNTIME;
            default -> throw new IllegalArgumentException(option + " must be auto, dl4j or onnx, got '" + value + "'");
        };
    }

    /** The headless zoo model at the chosen size, with its weights: a tag, or a file when the value names one. */
    public ModelBuilder baseModel() {
        if (Zoo.info(model).inputShape().channels() != 3) {
            throw new IllegalArgumentException("--model " + model + " takes " + Zoo.info(model).inputShape().channels()
                    + "-channel images; road photos need an RGB zoo model such as vgg16 or resnet50");
        }
        ModelBuilder base = Zoo.model(model).includeTop(false).inputShape(size, size, 3).seed(seed);
        String w = weights.toLowerCase(Locale.ROOT);
        boolean file = w.endsWith(".h5") || w.endsWith(".zip") || w.contains("/") || Files.isRegularFile(Path.of(weights));
        return file ? base.weights(Path.of(weights)) : base.weights(weights);
    }
}
