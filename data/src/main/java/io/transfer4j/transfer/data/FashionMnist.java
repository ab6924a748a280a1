package io.transfer4j.transfer.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fashion-MNIST (Zalando Research, MIT licence): 70,000 grayscale 28×28 images of 10 clothing classes.
 * Images come back as {@link LabeledImages} with features {@code [n, 1, 28, 28]} float, raw pixel values
 * <b>0..255</b> (white background is 0), labels 0..9 in {@link #CLASS_NAMES} order.
 *
 * <p>{@link #locate()} looks, in order, in: the directory named by the system property
 * {@code transfer4j.fashionmnist}; {@code /usr/share/datasets/fashion-mnist} (Debian's
 * {@code dataset-fashion-mnist}); the cache {@code <transfer4j home>/datasets/fashion-mnist}; a download of the
 * official files into that cache (MD5-checked; not when {@code transfer4j.offline=true}); then falls back to
 * the subset embedded in the jar (500 train + 100 test images per class) and logs which one it used.
 * {@link FashionMnistFinder} configures the search (explicit path, mirror, no download, no fallback).
 *
 * <pre>{@code
 * FashionMnist fm = FashionMnist.locate();
 * System.out.println(fm.source());                          // e.g. "/usr/share/datasets/fashion-mnist"
 * LabeledImages train = fm.train();                          // 60,000 images (full set)
 * LabeledImages shoes = fm.test().filterClasses(5, 7, 9);    // Sandal, Sneaker, Ankle boot -> 0, 1, 2
 * }</pre>
 */
public final class FashionMnist {

    private static final Logger LOG = LoggerFactory.getLogger(FashionMnist.class);

    /** Class names in label order, as published by Zalando Research. */
    public static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    /** The four official files and their MD5 sums (of the .gz files). */
    public enum File {
        TRAIN_IMAGES("train-images-idx3-ubyte", "8d4fb7e6c68d591d4c3dfef9ec88bf0d"),
        TRAIN_LABELS("train-labels-idx1-ubyte", "25c81989df183df01b3e8a0aad5dffbe"),
        TEST_IMAGES("t10k-images-idx3-ubyte", "bef4ecab320f06d8554ea6380940ec79"),
        TEST_LABELS("t10k-labels-idx1-ubyte", "bb300cfdad3c16e7a12a480ee83cd310");

        private final String baseName;
        private final String md5;

        File(String baseName, String md5) {
            this.baseName = baseName;
            this.md5 = md5;
        }

        /** Name without {@code .gz}, e.g. {@code train-images-idx3-ubyte}. */
        public String baseName() {
            return baseName;
        }

        /** Name of the official download, e.g. {@code train-images-idx3-ubyte.gz}. */
        public String gzName() {
            return baseName + ".gz";
        }

        /** MD5 of the official {@code .gz} file. */
        public String md5() {
            return md5;
        }
    }

    /** Where the data was found. */
    public enum Origin { EXPLICIT, SYSTEM, CACHE, DOWNLOAD, EMBEDDED }

    static final String EMBEDDED_DIR = "/io/transfer4j/transfer/data/fashion-mnist/";

    private final Path dir;
    private final Origin origin;

    FashionMnist(Path dir, Origin origin) {
        this.dir = dir;
        this.origin = origin;
    }

    /** Searches the default places (see the class comment), downloading if nothing is found and not offline. */
    public static FashionMnist locate() {
        return finder().find();
    }

    /** A configurable search: explicit path, system and cache directories, download, embedded fallback. */
    public static FashionMnistFinder finder() {
        return new FashionMnistFinder();
    }

    /**
     * The full dataset in {@code dir} (files {@code *-ubyte.gz} or uncompressed {@code *-ubyte}); no search, no download.
     *
     * @throws IllegalStateException naming the missing files
     */
    public static FashionMnist at(Path dir) {
        java.util.List<String> missing = new java.util.ArrayList<>();
        for (File f : File.values()) {
            if (dir == null || !Files.isDirectory(dir) || fileIn(dir, f).isEmpty()) {
                missing.add(f.gzName());
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("Fashion-MNIST files missing in " + dir + ": " + missing
                    + " (plain or .gz); use FashionMnist.locate() to search the usual places or download them");
        }
        return new FashionMnist(dir, Origin.EXPLICIT);
    }

    /** The subset embedded in the jar: 5,000 train and 1,000 test images, 500 / 100 per class. */
    public static FashionMnist embedded() {
        return new FashionMnist(null, Origin.EMBEDDED);
    }

    /** Which kind of place the data came from. */
    public Origin origin() {
        return origin;
    }

    /** Human-readable source: the directory, or "embedded subset". */
    public String source() {
        return dir == null ? "embedded Fashion-MNIST subset (500 train + 100 test images per class)" : dir.toString();
    }

    /** Whether this is the full 60,000 + 10,000 image dataset (not the embedded subset). */
    public boolean isFull() {
        return origin != Origin.EMBEDDED;
    }

    /** The training images (60,000, or 5,000 for the embedded subset). */
    public LabeledImages train() {
        return load(File.TRAIN_IMAGES, File.TRAIN_LABELS, "train");
    }

    /** The test images (10,000, or 1,000 for the embedded subset). */
    public LabeledImages test() {
        return load(File.TEST_IMAGES, File.TEST_LABELS, "test");
    }

    /** The file for {@code f} in {@code dir}, gzip or plain, if present. */
    static Optional<Path> fileIn(Path dir, File f) {
        for (String name : new String[] {f.gzName(), f.baseName()}) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Whether {@code dir} holds all four files. */
    static boolean complete(Path dir) {
        if (dir == null || !Files.isDirectory(dir)) {
            return false;
        }
        for (File f : File.values()) {
            if (fileIn(dir, f).isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private LabeledImages load(File imagesFile, File labelsFile, String part) {
        IdxReader.Idx images = read(imagesFile);
        IdxReader.Idx labels = read(labelsFile);
        if (images.dims().length != 3 || labels.dims().length != 1) {
            throw new IllegalStateException(source() + ": " + imagesFile.baseName() + " should be [n, 28, 28] and "
                    + labelsFile.baseName() + " [n], found " + images + " and " + labels);
        }
        if (images.count() != labels.count()) {
            throw new IllegalStateException(source() + ": " + images.count() + " images but " + labels.count() + " labels");
        }
        int n = images.count();
        int h = images.dims()[1];
        int w = images.dims()[2];
        float[] pixels = new float[images.data().length];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = images.unsigned(i);
        }
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = labels.unsigned(i);
            if (y[i] >= CLASS_NAMES.size()) {
                throw new IllegalStateException(source() + ": label " + y[i] + " at index " + i + " is not a Fashion-MNIST class (0..9)");
            }
        }
        INDArray x = Nd4j.create(pixels, new long[] {n, 1, h, w}, DataType.FLOAT);
        LOG.info("Fashion-MNIST {}: {} images from {}", part, n, source());
        return new LabeledImages(x, y, CLASS_NAMES, "Fashion-MNIST " + part + " (" + source() + ")");
    }

    private IdxReader.Idx read(File f) {
        try {
            if (dir == null) {
                String resource = EMBEDDED_DIR + f.gzName();
                try (InputStream in = FashionMnist.class.getResourceAsStream(resource)) {
                    if (in == null) {
                        throw new IllegalStateException("embedded Fashion-MNIST resource " + resource + " is missing from the classpath");
                    }
                    return IdxReader.read(in, "classpath:" + resource);
                }
            }
            Path p = fileIn(dir, f).orElseThrow(() -> new IllegalStateException("Fashion-MNIST file " + f.gzName()
                    + " not found in " + dir + "; put the four official files there"));
            return IdxReader.read(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Fashion-MNIST " + f.baseName() + " from " + source() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "FashionMnist[" + origin + ": " + source() + "]";
    }
}
