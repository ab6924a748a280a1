package io.transfer4j.transfer.data;

import io.transfer4j.zoo.weights.CacheLock;
import io.transfer4j.zoo.weights.CacheSettings;
import io.transfer4j.zoo.weights.DownloadListener;
import io.transfer4j.zoo.weights.Downloader;
import io.transfer4j.zoo.weights.EnvironmentProxySelector;
import io.transfer4j.zoo.weights.HashAlgorithm;
import io.transfer4j.zoo.weights.WeightsException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Configures where {@link FashionMnist} looks for its files. Order: explicit path, system directory
 * (Debian's {@code /usr/share/datasets/fashion-mnist}), cache directory
 * ({@code <transfer4j home>/datasets/fashion-mnist}, home from {@code transfer4j.home} / {@code TRANSFER4J_HOME}),
 * a download of the official files into the cache (checked against their MD5, resumable; skipped when
 * {@code transfer4j.offline} is set), then the embedded subset unless disabled.
 *
 * <p>Downloads use the zoo's {@link Downloader} and {@link CacheSettings}: a mirror can be set with
 * {@code -Dtransfer4j.mirror.fashion-mnist=https://host/path/}; otherwise the files are fetched from
 * {@link #DEFAULT_URLS}, first to last. The download holds the zoo's {@link CacheLock} on
 * {@code <cache>/download.lock}, so threads and processes sharing a cache fetch each file once.
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

    /** Held (the zoo's {@link CacheLock}) in the cache directory while downloading; left in place afterwards. */
    private static final String LOCK_FILE = "download.lock";

    /** Directory of Debian's {@code dataset-fashion-mnist} package. */
    public static final Path SYSTEM_DIR = Path.of("/usr/share/datasets/fashion-mnist");

    /** System property naming an explicit Fashion-MNIST directory. */
    public static final String PATH_PROPERTY = "transfer4j.fashionmnist";

    /** Mirror key in {@link CacheSettings#mirrors()}. */
    public static final String MIRROR_KEY = "fashion-mnist";

    /** Base URLs tried in order for a download: Zalando's GitHub repository, then the official S3 site. */
    public static final List<URI> DEFAULT_URLS = List.of(
            URI.create("https://github.com/zalandoresearch/fashion-mnist/raw/master/data/fashion/"),
            URI.create("https://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"));

    private Path explicit = propertyPath();
    private CacheSettings settings = CacheSettings.fromEnvironment();
    private Boolean download;
    private DownloadListener listener = DownloadListener.progressBar(System.err);
    private final java.util.EnumMap<FashionMnist.File, String> md5 = new java.util.EnumMap<>(FashionMnist.File.class);
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

    /**
     * Settings for the cache root, mirrors, offline mode and download bounds (default: from system properties and
     * environment). The cache directory becomes {@code <home>/datasets/fashion-mnist} unless set explicitly.
     */
    public FashionMnistFinder settings(CacheSettings cacheSettings) {
        this.settings = cacheSettings;
        return this;
    }

    /** Whether to download when the files are nowhere (default: yes, unless the settings say offline). */
    public FashionMnistFinder download(boolean allowed) {
        this.download = allowed;
        return this;
    }

    /** Hears about download progress (default: a progress bar on stderr). */
    public FashionMnistFinder listener(DownloadListener downloadListener) {
        this.listener = downloadListener;
        return this;
    }

    /**
     * Replaces the pinned MD5 of downloaded files (tests serve Debian's re-compressed copies, whose .gz bytes
     * differ from the official files although the data is the same).
     */
    FashionMnistFinder checksum(FashionMnist.File file, String md5Hex) {
        md5.put(file, md5Hex);
        return this;
    }

    /** Whether to fall back to the embedded subset when the full dataset is absent (default true). */
    public FashionMnistFinder embeddedFallback(boolean allowed) {
        this.embeddedFallback = allowed;
        return this;
    }

    /** The cache directory in use. */
    public Path cacheDir() {
        return cacheDir != null ? cacheDir : settings.home().resolve("datasets").resolve("fashion-mnist");
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
        boolean mayDownload = download != null ? download : !settings.offline();
        if (mayDownload) {
            List<String> errors = new ArrayList<>();
            FashionMnist.Origin origin = downloadInto(cache, errors);
            if (origin != null) {
                return found(cache, origin);
            }
            tried.add("download (" + String.join("; ", errors) + ")");
        }
        if (embeddedFallback) {
            LOG.warn("Fashion-MNIST: full dataset not found in {}; using the embedded subset "
                    + "(500 train + 100 test images per class). Install Debian's dataset-fashion-mnist or put {} in {} for the full set",
                    tried, names(), cache);
            return FashionMnist.embedded();
        }
        throw new IllegalStateException("Fashion-MNIST not found; looked in " + tried + " for " + names()
                + ". Install Debian's dataset-fashion-mnist, or download the files into " + cache);
    }

    /**
     * Downloads the missing files into {@code cache} under the cache's lock file, so that two threads
     * or processes never fetch the same files: whoever waited finds them complete and downloads nothing.
     *
     * @return {@code DOWNLOAD}, or {@code CACHE} if another process completed the files while this one waited;
     *         {@code null} on failure, with what went wrong added to {@code errors}
     */
    private FashionMnist.Origin downloadInto(Path cache, List<String> errors) {
        try {
            Files.createDirectories(cache);
        } catch (java.io.IOException e) {
            errors.add("cannot create the cache directory " + cache + ": " + e);
            return null;
        }
        try (CacheLock lock = CacheLock.acquire(cache.resolve(LOCK_FILE), listener)) {
            if (FashionMnist.complete(cache)) {
                LOG.info("Fashion-MNIST: another thread or process completed the files in {} meanwhile; nothing to download", cache);
                return FashionMnist.Origin.CACHE;
            }
            return fetchMissing(cache, errors) ? FashionMnist.Origin.DOWNLOAD : null;
        } catch (WeightsException e) {
            errors.add(e.getMessage());
            return null;
        }
    }

    /** Fetches the files not yet in {@code cache} from the first base URL that serves them all; false if none does. */
    private boolean fetchMissing(Path cache, List<String> errors) {
        URI mirror = settings.mirrors().get(MIRROR_KEY);
        List<URI> bases = mirror != null ? List.of(mirror) : DEFAULT_URLS;
        // Two attempts per file and URL: offline machines fall back quickly; a partial file resumes next run.
        Downloader downloader = new Downloader(settings.download().withMaxAttempts(Math.min(2, settings.download().maxAttempts())),
                settings::allowsPlainHttp, EnvironmentProxySelector.fromEnvironment(), settings.credentials());
        for (URI base : bases) {
            try {
                for (FashionMnist.File f : FashionMnist.File.values()) {
                    Path target = cache.resolve(f.gzName());
                    if (!Files.isRegularFile(target)) {
                        LOG.info("Fashion-MNIST: downloading {} from {}", f.gzName(), base);
                        downloader.fetch(base.resolve(f.gzName()), target, HashAlgorithm.MD5, md5.getOrDefault(f, f.md5()), listener);
                    }
                }
                return true;
            } catch (WeightsException | IllegalArgumentException e) {
                LOG.warn("Fashion-MNIST: download from {} failed: {}", base, e.getMessage());
                errors.add(base + ": " + e.getMessage());
            }
        }
        return false;
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
