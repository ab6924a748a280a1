package io.transfer4j.transfer.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Configures where {@link FashionMnist} looks for its files. Order: explicit path, system directory
 * (Debian's {@code /usr/share/datasets/fashion-mnist}), cache directory
 * ({@code <transfer4j home>/datasets/fashion-mnist}), then the embedded subset unless disabled.
 *
 * <pre>{@code
 * FashionMnist fm = FashionMnist.finder()
 *         .path(Path.of("/data/fashion"))      // tried first
 *         .embeddedFallback(false)             // fail rather than use the small subset
 *         .find();
 * }</pre>
 */
public final class FashionMnistFinder {

    private static final Logger LOG = LoggerFactory.getLogger(FashionMnistFinder.class);

    /** Directory of Debian's {@code dataset-fashion-mnist} package. */
    public static final Path SYSTEM_DIR = Path.of("/usr/share/datasets/fashion-mnist");

    /** System property naming an explicit Fashion-MNIST directory. */
    public static final String PATH_PROPERTY = "transfer4j.fashionmnist";

    private Path explicit = propertyPath();
    private Path systemDir = SYSTEM_DIR;
    private Path cacheDir = null;
    private boolean embeddedFallback = true;

    FashionMnistFinder() {
    }

    /** A directory holding the four files; searched first. */
    public FashionMnistFinder path(Path dir) {
        this.explicit = dir;
        return this;
    }

    /** Replaces the system directory ({@code null}: skip it). */
    public FashionMnistFinder systemDir(Path dir) {
        this.systemDir = dir;
        return this;
    }

    /** Replaces the cache directory (default {@code <transfer4j home>/datasets/fashion-mnist}). */
    public FashionMnistFinder cacheDir(Path dir) {
        this.cacheDir = dir;
        return this;
    }

    /** Whether to fall back to the embedded subset when the full dataset is absent (default true). */
    public FashionMnistFinder embeddedFallback(boolean allowed) {
        this.embeddedFallback = allowed;
        return this;
    }

    /** The cache directory in use. */
    public Path cacheDir() {
        return cacheDir != null ? cacheDir : Transfer4jHome.datasets().resolve("fashion-mnist");
    }

    /**
     * Searches and returns the first complete location.
     *
     * @throws IllegalStateException listing every place tried, if none holds the dataset and the fallback is off
     */
    public FashionMnist find() {
        List<String> tried = new ArrayList<>();
        if (explicit != null) {
            if (FashionMnist.complete(explicit)) {
                return found(explicit, FashionMnist.Origin.EXPLICIT);
            }
            tried.add(explicit + " (explicit path)");
            LOG.warn("Fashion-MNIST: explicit path {} does not hold the four files {}; searching further", explicit, names());
        }
        if (systemDir != null) {
            if (FashionMnist.complete(systemDir)) {
                return found(systemDir, FashionMnist.Origin.SYSTEM);
            }
            tried.add(systemDir + " (system)");
        }
        Path cache = cacheDir();
        if (FashionMnist.complete(cache)) {
            return found(cache, FashionMnist.Origin.CACHE);
        }
        tried.add(cache + " (cache)");
        if (embeddedFallback) {
            LOG.warn("Fashion-MNIST: full dataset not found in {}; using the embedded subset "
                    + "(500 train + 100 test images per class). Install Debian's dataset-fashion-mnist or put {} in {} for the full set",
                    tried, names(), cache);
            return FashionMnist.embedded();
        }
        throw new IllegalStateException("Fashion-MNIST not found; looked in " + tried + " for " + names()
                + ". Install Debian's dataset-fashion-mnist, or download the files into " + cache);
    }

    private static FashionMnist found(Path dir, FashionMnist.Origin origin) {
        LOG.info("Fashion-MNIST: using the full dataset in {} ({})", dir, origin);
        return new FashionMnist(dir, origin);
    }

    private static List<String> names() {
        List<String> names = new ArrayList<>();
        for (FashionMnist.File f : FashionMnist.File.values()) {
            names.add(f.gzName());
        }
        return names;
    }

    private static Path propertyPath() {
        String p = System.getProperty(PATH_PROPERTY);
        return p == null || p.isBlank() ? null : Path.of(p);
    }
}
