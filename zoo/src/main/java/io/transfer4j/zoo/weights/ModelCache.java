package io.transfer4j.zoo.weights;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;

/**
 * The local store of weight files: {@link #resolve} returns the path of a verified copy, downloading it
 * first if needed; {@link #importFile} adds a file the user already has. A cached file whose checksum does
 * not match is never returned: it is removed and fetched again (or reported, offline).
 *
 * <pre>{@code
 * ModelCache cache = ModelCache.fromEnvironment();          // ~/.transfer4j/models, mirrors, offline flag
 * Path h5 = cache.resolve("vgg16:imagenet");                 // verified md5
 * cache.importFile(WeightRegistry.defaults().get("resnet50:dl4j-imagenet"), Path.of("resnet50_dl4j_inference.v3.zip"));
 * }</pre>
 */
public final class ModelCache {
    private final CacheSettings settings;
    private final WeightRegistry registry;
    private final DownloadListener listener;
    private final Downloader downloader;

    /**
     * @param settings where the cache is, mirrors, offline mode, download bounds
     * @param registry tags that {@link #resolve(String)} knows (and that import errors suggest)
     * @param listener progress and notes
     */
    public ModelCache(CacheSettings settings, WeightRegistry registry, DownloadListener listener) {
        this.settings = settings;
        this.registry = registry;
        this.listener = listener;
        this.downloader = new Downloader(settings.download(), settings::allowsPlainHttp, EnvironmentProxySelector.fromEnvironment(),
                settings.credentials());
    }

    /** A cache with the default registry and a progress bar on stderr. */
    public ModelCache(CacheSettings settings) {
        this(settings, WeightRegistry.defaults(), DownloadListener.progressBar(System.err));
    }

    /** A cache configured from system properties and environment (see {@link CacheSettings}). */
    public static ModelCache fromEnvironment() {
        return new ModelCache(CacheSettings.fromEnvironment());
    }

    public CacheSettings settings() {
        return settings;
    }

    /** {@code resolve(registry.get(tag))}. */
    public Path resolve(String tag) {
        return resolve(registry.get(tag));
    }

    /**
     * The path of a verified local copy of the tag's file, downloading it if it is missing or corrupt.
     *
     * @throws WeightsException (with a message naming the file or URL and the fixes) when no verified copy
     *                          can be had: offline and missing, server refusal, wrong checksum, unusable cache dir
     */
    public Path resolve(WeightTag tag) {
        Path target = directory(tag).resolve(tag.fileName());
        String problem = check(tag, target);
        if (problem == null) {
            return target;
        }
        if (settings.offline() || !tag.downloadable()) {
            if (!problem.equals(MISSING)) {
                try (CacheLock lock = CacheLock.acquire(lockFile(target), listener)) {
                    removeCorrupt(target);
                }
            }
            throw new WeightsException((settings.offline()
                    ? tag.tag() + " is not in the transfer4j cache and offline mode is on (" + CacheSettings.OFFLINE_PROPERTY + " / " + CacheSettings.OFFLINE_ENV + ")"
                    : tag.tag() + " is not in the transfer4j cache and has no download location (source '" + tag.source().name() + "')")
                    + (problem.equals(MISSING) ? "" : "; the cached copy " + problem + " and was removed")
                    + ".\n  expected file: " + target
                    + "\n  to add it:     transfer4j zoo import " + tag.tag() + " <file>   (or ModelCache.importFile, or copy the file there)"
                    + (tag.pinned() ? "\n  the file must have " : "\n  checksum: ") + tag.checksumText()
                    + tag.defaultUrl().map(u -> "\n  it is published at " + settings.baseUrl(tag.source()).resolve(tag.path())).orElse(""));
        }
        try (CacheLock lock = CacheLock.acquire(lockFile(target), listener)) {
            problem = check(tag, target);       // another process may have finished it while we waited
            if (problem == null) {
                return target;
            }
            if (!problem.equals(MISSING)) {
                listener.note("The cached " + target + " " + problem + "; it is removed and downloaded again");
                removeCorrupt(target);
            }
            URI url = tag.url(settings.baseUrl(tag.source()));
            String actual;
            try {
                actual = downloader.fetch(url, target, tag.hashAlgorithm(), tag.hash(), listener);
            } catch (HashMismatchException e) {
                throw new HashMismatchException(tag.tag() + ": " + e.getMessage() + ".\n" + fixes(tag, target), e.file(), e.expected(), e.actual());
            } catch (DownloadException e) {
                throw new DownloadException(tag.tag() + ": " + e.getMessage() + ".\n" + fixes(tag, target), e.url(), e.status(), e);
            }
            if (!tag.pinned()) {
                listener.note(tag.tag() + ": the publisher pins no checksum; recorded this copy's " + tag.hashAlgorithm().label()
                        + " " + actual + " and later uses are checked against it");
            }
            VerifiedSidecar.record(target, tag.hashAlgorithm(), actual);
            return target;
        }
    }

    /**
     * Copies a file the user already has into the cache, after checking its checksum against the tag's.
     *
     * @return the path in the cache
     * @throws HashMismatchException naming the file, both checksums and, if the file is another known tag, that tag
     */
    public Path importFile(WeightTag tag, Path file) {
        if (!Files.isRegularFile(file)) {
            throw new WeightsException("cannot import " + file + " as " + tag.tag() + ": "
                    + (Files.isDirectory(file) ? "it is a directory" : "no such file") + " (expected " + tag.fileName() + ")");
        }
        if (!Files.isReadable(file)) {
            throw new WeightsException("cannot import " + file + " as " + tag.tag() + ": the file is not readable");
        }
        Path target = directory(tag).resolve(tag.fileName());
        try (CacheLock lock = CacheLock.acquire(lockFile(target), listener)) {
            Path tmp = target.resolveSibling(target.getFileName() + ".import");
            String actual;
            try {
                actual = copyHashing(file, tmp, tag.hashAlgorithm());
                if (tag.pinned() && !actual.equals(tag.hash())) {
                    Files.deleteIfExists(tmp);
                    List<WeightTag> same = registry.withHash(tag.hashAlgorithm(), actual);
                    throw new HashMismatchException("cannot import " + file + " as " + tag.tag() + ": its " + tag.hashAlgorithm().label()
                            + " is " + actual + ", expected " + tag.hash()
                            + (same.isEmpty() ? "; the file is damaged, truncated or a different file (re-download it"
                            + tag.defaultUrl().map(u -> " from " + u).orElse("") + ")"
                            : "; this file is " + same.get(0).tag() + ": import it under that tag")
                            + ". Nothing was changed in the cache", file, tag.hash(), actual);
                }
                VerifiedSidecar.remove(target);
                Downloader.moveIntoPlace(tmp, target);
            } catch (IOException e) {
                throw new WeightsException("cannot import " + file + " into " + target + ": " + e.getMessage(), e);
            } finally {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // A left-over .import file is overwritten by the next import.
                }
            }
            VerifiedSidecar.record(target, tag.hashAlgorithm(), actual);
            return target;
        }
    }

    /** Where the tag's file lives (or will live) in the cache; creates nothing. */
    public Path expectedPath(WeightTag tag) {
        return settings.modelsDir().resolve(tag.source().name()).resolve(tag.fileName());
    }

    /** The verified cached file, if there is one; never downloads. */
    public Optional<Path> cached(WeightTag tag) {
        Path target = expectedPath(tag);
        return Files.isRegularFile(target) && check(tag, target) == null ? Optional.of(target) : Optional.empty();
    }

    /** The URL the tag would be downloaded from with the current mirrors. */
    public Optional<URI> url(WeightTag tag) {
        return tag.downloadable() ? Optional.of(tag.url(settings.baseUrl(tag.source()))) : Optional.empty();
    }

    private static final String MISSING = "is missing";

    /**
     * {@code null} when the cached file is verified, else what is wrong with it. An unpinned tag's file is checked
     * against the checksum recorded when it entered the cache; a file found there without one is taken and recorded.
     */
    private String check(WeightTag tag, Path target) {
        if (!Files.isRegularFile(target)) {
            return MISSING;
        }
        String expected = tag.pinned() ? tag.hash() : VerifiedSidecar.recordedHash(target, tag.hashAlgorithm());
        if (expected != null && VerifiedSidecar.vouchesFor(target, tag.hashAlgorithm(), expected)) {
            return null;
        }
        String actual;
        try {
            actual = tag.hashAlgorithm().hash(target);
        } catch (IOException e) {
            return "cannot be read (" + e.getMessage() + ")";
        }
        if (expected == null || actual.equals(expected)) {
            VerifiedSidecar.record(target, tag.hashAlgorithm(), actual);
            return null;
        }
        return "is corrupt (" + tag.hashAlgorithm().label() + " " + actual + ", expected " + expected
                + (tag.pinned() ? "" : ", recorded when it was first cached") + ")";
    }

    private void removeCorrupt(Path target) {
        try {
            VerifiedSidecar.remove(target);
            Files.deleteIfExists(target);
        } catch (IOException e) {
            throw new WeightsException("cannot remove the corrupt cached file " + target + ": " + e.getMessage(), e);
        }
    }

    private Path directory(WeightTag tag) {
        Path dir = settings.modelsDir().resolve(tag.source().name());
        String fix = ". Point transfer4j at a writable directory with -D" + CacheSettings.HOME_PROPERTY + "=<dir> or the environment variable "
                + CacheSettings.HOME_ENV + " (now " + settings.home() + ")";
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new WeightsException("cannot use the weight cache directory " + dir + ": " + e.getClass().getSimpleName() + " " + e.getMessage() + fix, e);
        }
        if (!Files.isReadable(dir) || !Files.isWritable(dir) || !Files.isExecutable(dir)) {
            throw new WeightsException("the weight cache directory " + dir + " is not readable and writable" + fix);
        }
        return dir;
    }

    private static Path lockFile(Path target) {
        return target.resolveSibling(target.getFileName() + ".lock");
    }

    private String fixes(WeightTag tag, Path target) {
        WeightSource s = tag.source();
        return "Fixes:\n  - use a mirror that has the file: -D" + s.mirrorProperty() + "=https://your.mirror/path/ (or the environment variable "
                + s.mirrorEnv() + "); transfer4j then fetches <mirror>/" + tag.path()
                + "\n  - or download the file yourself and import it: transfer4j zoo import " + tag.tag() + " <file>"
                + "  (" + (tag.pinned() ? tag.hashAlgorithm().label() + " must be " + tag.hash() : tag.checksumText()) + ")"
                + "\n  - or copy it to " + target;
    }

    private static String copyHashing(Path from, Path to, HashAlgorithm algorithm) throws IOException {
        Hasher h = algorithm.newHasher();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(from);
             OutputStream out = Files.newOutputStream(to, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                h.update(buf, 0, n);
                out.write(buf, 0, n);
            }
        }
        try (FileChannel c = FileChannel.open(to, StandardOpenOption.WRITE)) {
            c.force(true);      // on disk before the rename makes it visible
        }
        return h.value();
    }
}
