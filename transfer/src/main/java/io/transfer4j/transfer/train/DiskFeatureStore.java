package io.transfer4j.transfer.train;

import io.transfer4j.transfer.io.AtomicFiles;
import io.transfer4j.zoo.weights.CacheLock;
import io.transfer4j.zoo.weights.CacheSettings;
import io.transfer4j.zoo.weights.DownloadListener;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trunk features on disk, one small file per (trunk, image), under {@code <transfer4j home>/features}: a second
 * run on the same folder with another head, learning rate or split reads them instead of running the trunk. Files
 * are written atomically; reading one marks it used (its modification time), and {@link #trim()} deletes the least
 * recently used files while the store is over its size limit. Two processes (or two stores in one) may share a
 * directory: computing under one trunk takes the zoo's {@link CacheLock}, and a file deleted by another process's
 * eviction just reads as missing.
 *
 * <p>The size limit comes from {@code transfer4j.features.limit} / {@code TRANSFER4J_FEATURES_LIMIT} (bytes, or
 * with a k/m/g suffix; default 2g). {@code transfer4j cache list|clear} shows and empties the store.
 *
 * <pre>{@code
 * DiskFeatureStore store = DiskFeatureStore.fromEnvironment();              // ~/.transfer4j/features, 2 GB
 * DiskFeatureStore small = DiskFeatureStore.at(Path.of("/tmp/f"), 100L << 20);
 * store.list().forEach(t -> System.out.println(t.description() + ": " + t.images()));
 * }</pre>
 */
public final class DiskFeatureStore implements FeatureStore {
    public static final String LIMIT_PROPERTY = "transfer4j.features.limit";
    public static final String LIMIT_ENV = "TRANSFER4J_FEATURES_LIMIT";
    public static final long DEFAULT_LIMIT = 2L << 30;
    private static final Logger LOG = LoggerFactory.getLogger(DiskFeatureStore.class);
    private static final int MAGIC = 0x54344A46;      // "T4JF"
    private static final String SUFFIX = ".f32";
    private static final String ABOUT = "about.txt";
    private static final DownloadListener LOG_WAITS = new DownloadListener() {
        @Override
        public void note(String message) {
            LOG.info("feature store: {}", message.replace("downloading into", "computing features in"));
        }
    };

    private final Path dir;
    private final long limitBytes;
    private volatile boolean warnedWrite;

    private DiskFeatureStore(Path dir, long limitBytes) {
        if (limitBytes < 0) {
            throw new IllegalArgumentException("the feature store's size limit must be >= 0 bytes, got " + limitBytes);
        }
        this.dir = dir.toAbsolutePath().normalize();
        this.limitBytes = limitBytes;
    }

    /** A store in {@code dir} holding at most {@code limitBytes} of features after each {@link #trim()}. */
    public static DiskFeatureStore at(Path dir, long limitBytes) {
        return new DiskFeatureStore(dir, limitBytes);
    }

    /** {@code <transfer4j home>/features} with the configured limit (see the class comment). */
    public static DiskFeatureStore fromEnvironment() {
        String v = System.getProperty(LIMIT_PROPERTY, System.getenv(LIMIT_ENV));
        return at(CacheSettings.fromEnvironment().home().resolve("features"), v == null || v.isBlank() ? DEFAULT_LIMIT : parseSize(v));
    }

    /** {@code 123}, {@code 500k}, {@code 200m}, {@code 2g} as bytes. */
    public static long parseSize(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        int shift = v.endsWith("k") ? 10 : v.endsWith("m") ? 20 : v.endsWith("g") ? 30 : 0;
        try {
            long n = Long.parseLong(shift == 0 ? v : v.substring(0, v.length() - 1).trim());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n << shift;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a feature store size must be a whole number of bytes, optionally with k, m or g "
                    + "(e.g. 2g, 500m), got '" + value + "' (" + LIMIT_PROPERTY + " / " + LIMIT_ENV + ")");
        }
    }

    public Path dir() {
        return dir;
    }

    public long limitBytes() {
        return limitBytes;
    }

    @Override
    public INDArray get(String trunk, String image) {
        Path file = file(trunk, image);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
            Files.setLastModifiedTime(file, FileTime.from(Instant.now()));   // least recently used goes first
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            LOG.warn("feature store: cannot read {} ({}); computing it again", file, e.getMessage());
            return null;
        }
        INDArray a = decode(bytes);
        if (a == null) {
            LOG.warn("feature store: {} is damaged ({} bytes); computing it again", file, bytes.length);
        }
        return a;
    }

    @Override
    public void put(String trunk, String image, INDArray features) {
        INDArray f = features.castTo(DataType.FLOAT).dup('c');
        try {
            AtomicFiles.write(file(trunk, image), out -> {
                DataOutputStream d = new DataOutputStream(out);
                d.writeInt(MAGIC);
                d.writeInt(f.rank());
                for (long s : f.shape()) {
                    d.writeLong(s);
                }
                ByteBuffer b = f.data().asNio().order(ByteOrder.LITTLE_ENDIAN);
                byte[] raw = new byte[(int) f.length() * 4];
                b.get(raw);
                d.write(raw);
                d.flush();
            });
        } catch (IOException | UncheckedIOException e) {
            if (!warnedWrite) {
                warnedWrite = true;
                LOG.warn("feature store: cannot write under {} ({}); features are computed but not kept", dir, e.getMessage());
            }
        }
    }

    @Override
    public <T> T exclusive(String trunk, Supplier<T> work) {
        Path d = dir.resolve(trunk);
        try {
            Files.createDirectories(d);
        } catch (IOException e) {
            return work.get();      // an unwritable store: compute without it (put warns once)
        }
        try (CacheLock lock = CacheLock.acquire(d.resolve(".lock"), LOG_WAITS)) {
            return work.get();
        }
    }

    @Override
    public void describe(String trunk, String description) {
        Path about = dir.resolve(trunk).resolve(ABOUT);
        if (!Files.isRegularFile(about)) {
            try {
                AtomicFiles.write(about, out -> out.write((description + "\n").getBytes(StandardCharsets.UTF_8)));
            } catch (IOException e) {
                LOG.debug("feature store: cannot describe {}: {}", trunk, e.getMessage());
            }
        }
    }

    /** Deletes the least recently used feature files until the store holds at most its limit. */
    @Override
    public void trim() {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (CacheLock lock = CacheLock.acquire(dir.resolve(".trim.lock"), LOG_WAITS)) {
            List<Stored> all = entries(dir);
            long total = all.stream().mapToLong(Stored::bytes).sum();
            if (total <= limitBytes) {
                return;
            }
            all.sort(Comparator.comparing(Stored::lastUsed));
            int deleted = 0;
            for (Stored s : all) {
                if (total <= limitBytes) {
                    break;
                }
                Files.deleteIfExists(s.file);
                total -= s.bytes;
                deleted++;
            }
            LOG.info("feature store: evicted {} least recently used feature files; {} of {} used", deleted, human(total), human(limitBytes));
        } catch (IOException e) {
            LOG.warn("feature store: cannot evict under {}: {}", dir, e.getMessage());
        }
    }

    /** One trunk's features in the store, for {@code cache list}. */
    public record Trunk(String key, String description, int images, long bytes, FileTime lastUsed) {
    }

    /** Every trunk with features in the store, most recently used first. */
    public List<Trunk> list() {
        List<Trunk> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> trunks = Files.list(dir)) {
            for (Path t : trunks.filter(Files::isDirectory).toList()) {
                List<Stored> files = entries(t);
                Path about = t.resolve(ABOUT);
                String description = Files.isRegularFile(about) ? Files.readString(about).trim() : "(no description)";
                FileTime last = files.stream().map(Stored::lastUsed).max(Comparator.naturalOrder()).orElse(FileTime.fromMillis(0));
                out.add(new Trunk(t.getFileName().toString(), description, files.size(), files.stream().mapToLong(Stored::bytes).sum(), last));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the feature store " + dir + ": " + e.getMessage(), e);
        }
        out.sort(Comparator.comparing(Trunk::lastUsed).reversed());
        return out;
    }

    /** Total bytes of feature files. */
    public long sizeBytes() {
        return list().stream().mapToLong(Trunk::bytes).sum();
    }

    /** Deletes every feature file and trunk folder; returns the bytes freed. */
    public long clear() {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        long freed = 0;
        try (CacheLock lock = CacheLock.acquire(dir.resolve(".trim.lock"), LOG_WAITS)) {
            for (Stored s : entries(dir)) {
                Files.deleteIfExists(s.file);
                freed += s.bytes;
            }
            try (Stream<Path> trunks = Files.list(dir)) {
                for (Path t : trunks.filter(Files::isDirectory).toList()) {
                    deleteTree(t);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear the feature store " + dir + ": " + e.getMessage(), e);
        }
        return freed;
    }

    private record Stored(Path file, long bytes, FileTime lastUsed) {
    }

    private static List<Stored> entries(Path root) throws IOException {
        List<Stored> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).toList()) {
                try {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                    out.add(new Stored(p, a.size(), a.lastModifiedTime()));
                } catch (NoSuchFileException gone) {
                    // evicted by another process meanwhile
                }
            }
        } catch (UncheckedIOException e) {
            if (!(e.getCause() instanceof NoSuchFileException)) {
                throw e.getCause();
            }
        }
        return out;
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private Path file(String trunk, String image) {
        return dir.resolve(trunk).resolve(image.substring(0, 2)).resolve(image + SUFFIX);
    }

    /** The array in a feature file, or null when the bytes are not one. */
    private static INDArray decode(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        if (bytes.length < 8 || b.getInt() != MAGIC) {
            return null;
        }
        int rank = b.getInt();
        if (rank < 1 || rank > 8 || b.remaining() < rank * 8L) {
            return null;
        }
        long[] shape = new long[rank];
        long n = 1;
        for (int i = 0; i < rank; i++) {
            shape[i] = b.getLong();
            n *= shape[i];
        }
        if (n < 1 || b.remaining() != n * 4) {
            return null;
        }
        float[] values = new float[(int) n];
        b.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return Nd4j.create(values, shape, 'c');
    }

    private static String human(long b) {
        return b < 1 << 20 ? (b >> 10) + " KB" : (b >> 20) + " MB";
    }
}
