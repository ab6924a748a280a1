package io.transfer4j.transfer.data;

import io.transfer4j.zoo.ModelInfo;
import io.transfer4j.zoo.Preprocessing;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An image-classification data set from a folder with one sub-folder per class ({@code roads/cobblestone},
 * {@code roads/unpaved}, ...): class discovery, a stratified seeded split, resizing and the model's
 * preprocessing, training-only augmentation and background prefetch, as DL4J {@code DataSetIterator}s with
 * one-hot labels.
 *
 * <pre>{@code
 * ImageFolderData data = ImageFolder.of(Path.of("roads"))
 *         .split(0.7, 0.15, 0.15).seed(42)
 *         .preprocessing(vgg16Info)                 // a zoo ModelInfo: size, BGR, means
 *         .augment(Augment.standard())
 *         .batchSize(16)
 *         .splitFile(Path.of("roads-split.txt"))   // reused if it exists, written otherwise
 *         .load();
 * System.out.println(data.report());
 * model.fit(data.train(), 5);
 * Evaluation eval = model.evaluate(data.test());
 * List<String> classes = data.classNames();
 * }</pre>
 *
 * <p>Formats: JPEG ({@code .jpg}, {@code .jpeg}), PNG and BMP, 8 or 16 bits per channel (16-bit scaled to 8),
 * gray, colour or with alpha (alpha dropped). Decoding is DataVec's {@code NativeImageLoader} (OpenCV).
 * Pixel values reach the model as {@code Preprocessing.apply} defines them on RGB 0..255 input.
 * Without {@link #preprocessing} the size must be given by {@link #inputSize} and pixels are scaled to 0..1.
 */
public final class ImageFolder {

    private static final Logger LOG = LoggerFactory.getLogger(ImageFolder.class);

    private final Path root;
    private double trainFraction = 0.8;
    private double validationFraction = 0.1;
    private double testFraction = 0.1;
    private long seed = 42;
    private Preprocessing preprocessing;
    private int height;
    private int width;
    private int channels;
    private boolean centerCrop;
    private Augment augment = Augment.none();
    private int batchSize = 32;
    private int prefetch = 4;
    private BadFilePolicy badFilePolicy = BadFilePolicy.SKIP_WITH_WARNING;
    private long maxImagePixels = FolderScan.DEFAULT_MAX_PIXELS;
    private Path splitFile;
    private boolean multiLabel;

    private ImageFolder(Path root) {
        this.root = root;
    }

    /**
     * A data set from {@code root}, a folder with one sub-folder per class, or a {@code .csv} file of
     * {@code path,label1;label2} rows (multi-label data, see {@link MultiLabelScan}); nothing is read until
     * {@link #load()}.
     */
    public static ImageFolder of(Path root) {
        ImageFolder f = new ImageFolder(root);
        f.multiLabel = isCsv(root);
        return f;
    }

    /**
     * Multi-label data (several labels per image): a folder with one sub-folder per label, where an image with several
     * labels is in each of their folders under the same name (a {@code .csv} root is multi-label already). Batches then
     * carry multi-hot labels, and the split is random (seeded) instead of per class.
     *
     * <pre>{@code ImageFolderData data = ImageFolder.of(Path.of("roads")).multiLabel().inputSize(64, 64, 3).load();}</pre>
     */
    public ImageFolder multiLabel() {
        this.multiLabel = true;
        return this;
    }

    /**
     * Fractions for train / validation / test (sum 1; default 0.8 / 0.1 / 0.1). {@code split(0, 0, 1)} puts
     * every image in the test subset, to evaluate a trained model on a whole folder.
     */
    public ImageFolder split(double train, double validation, double test) {
        this.trainFraction = train;
        this.validationFraction = validation;
        this.testFraction = test;
        return this;
    }

    /** Train / validation only, no test subset. */
    public ImageFolder split(double train, double validation) {
        return split(train, validation, 0);
    }

    /** Seed for the split, the epoch shuffles and the augmentation (default 42). */
    public ImageFolder seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** The model's input preprocessing (size, channels, channel order, mean / scale), e.g. from the zoo. */
    public ImageFolder preprocessing(Preprocessing p) {
        this.preprocessing = p;
        return this;
    }

    /** The preprocessing of a zoo model, from its metadata. */
    public ImageFolder preprocessing(ModelInfo model) {
        return preprocessing(model.preprocessing());
    }

    /**
     * Input size. With a {@link #preprocessing} set, overrides its height and width (channels must match);
     * without one, images are scaled to 0..1 ({@link Preprocessing#unit}).
     */
    public ImageFolder inputSize(int height, int width, int channels) {
        this.height = height;
        this.width = width;
        this.channels = channels;
        return this;
    }

    /** Crop the centre to the input's aspect ratio before resizing, instead of stretching (default false). */
    public ImageFolder centerCrop(boolean on) {
        this.centerCrop = on;
        return this;
    }

    /** Augmentation of training images (default {@link Augment#none()}). */
    public ImageFolder augment(Augment augment) {
        this.augment = augment == null ? Augment.none() : augment;
        return this;
    }

    /** Mini-batch size (default 32). */
    public ImageFolder batchSize(int batchSize) {
        this.batchSize = batchSize;
        return this;
    }

    /** Batches decoded ahead in a background thread (default 4; 0 = no prefetch thread). */
    public ImageFolder prefetch(int batches) {
        this.prefetch = batches;
        return this;
    }

    /** What to do with corrupt or unreadable files (default skip with a warning listing them). */
    public ImageFolder onBadFile(BadFilePolicy policy) {
        this.badFilePolicy = policy;
        return this;
    }

    /** Largest accepted image in pixels (default 50 megapixels); larger files count as bad files. */
    public ImageFolder maxImagePixels(long pixels) {
        this.maxImagePixels = pixels;
        return this;
    }

    /**
     * A split file: if it exists, the split is read from it (fractions and seed are then not used for the
     * split); otherwise the new split is written there. Makes evaluation repeatable.
     */
    public ImageFolder splitFile(Path file) {
        this.splitFile = file;
        return this;
    }

    /**
     * Scans the folder, splits it and prepares the iterators.
     *
     * @throws ImageFolderException    for folder problems (see {@link FolderScan#scan}) and split-file problems
     * @throws IllegalArgumentException for bad settings (fractions, batch size, sizes)
     */
    public ImageFolderData load() {
        Preprocessing p = resolvePreprocessing();
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be positive, got " + batchSize);
        }
        if (prefetch < 0) {
            throw new IllegalArgumentException("prefetch must be >= 0, got " + prefetch);
        }
        FolderScan scan = isCsv(root) ? MultiLabelScan.csv(root, badFilePolicy, maxImagePixels)
                : multiLabel ? MultiLabelScan.folders(root, badFilePolicy, maxImagePixels)
                : FolderScan.scan(root, badFilePolicy, maxImagePixels);
        DataSplit split;
        if (splitFile != null && Files.exists(splitFile) && multiLabel) {
            split = DataSplit.load(splitFile, scan);
            LOG.info("Using the split saved in {}: {}", splitFile, split.sizes());
        } else if (splitFile != null && Files.exists(splitFile)) {
            split = DataSplit.load(splitFile, root);
            if (!split.classNames().equals(scan.classNames())) {
                throw new ImageFolderException("split file " + splitFile + " has classes " + split.classNames()
                        + " but " + root + " has " + scan.classNames() + "; delete the split file to make a new split");
            }
            LOG.info("Using the split saved in {}: {}", splitFile, split.sizes());
        } else {
            split = multiLabel ? DataSplit.random(scan, trainFraction, validationFraction, testFraction, seed)
                    : DataSplit.stratified(scan, trainFraction, validationFraction, testFraction, seed);
            if (splitFile != null) {
                split.save(splitFile, scan.root());
                LOG.info("Saved the split to {}: {}", splitFile, split.sizes());
            }
        }
        LOG.info("{}", scan.report().stripTrailing());
        return new ImageFolderData(scan, split, p, centerCrop, augment, batchSize, prefetch, seed, badFilePolicy, multiLabel);
    }

    private static boolean isCsv(Path p) {
        return p.getFileName() != null && p.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".csv");
    }

    private Preprocessing resolvePreprocessing() {
        if (preprocessing == null) {
            if (height <= 0 || width <= 0) {
                throw new IllegalArgumentException("set the model's preprocessing(...) (e.g. from the zoo's ModelInfo) "
                        + "or inputSize(height, width, channels) for " + root);
            }
            return Preprocessing.unit(height, width, channels);
        }
        if (height > 0 && width > 0) {
            if (channels != preprocessing.channels()) {
                throw new IllegalArgumentException("inputSize channels " + channels + " do not match the preprocessing's "
                        + preprocessing.channels());
            }
            return preprocessing.withSize(height, width);
        }
        return preprocessing;
    }
}
