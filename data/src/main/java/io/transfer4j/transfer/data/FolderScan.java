package io.transfer4j.transfer.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an image folder holds: one sub-folder per class, named after the class. Classes are the sub-folder
 * names sorted by {@link String#compareTo} (so label indices are stable between runs and machines); images
 * are found recursively below each class folder. Files ending in {@code .jpg .jpeg .png .bmp} (any case) are
 * images; other files are ignored and listed, hidden files and folders skipped. Every image's header is checked (content, not
 * name); files that are not decodable images or exceed the pixel limit are rejected per {@link BadFilePolicy}.
 *
 * <pre>{@code
 * FolderScan scan = FolderScan.of(Path.of("roads"));
 * scan.classNames();            // [cobblestone, interlocking, unpaved]
 * System.out.println(scan.report());
 * }</pre>
 *
 * @param root       the folder
 * @param classNames sorted class names (sub-folder names)
 * @param files      usable images with their class index, sorted by path
 * @param rejected   image files left out, with the reason
 * @param ignored    files that are not images by extension (e.g. {@code notes.txt})
 */
public record FolderScan(Path root, List<String> classNames, List<LabeledFile> files, List<RejectedFile> rejected,
                         List<Path> ignored) {

    private static final Logger LOG = LoggerFactory.getLogger(FolderScan.class);

    /** Image file extensions read (lower case; matching ignores case). */
    public static final Set<String> FORMATS = Set.of("jpg", "jpeg", "png", "bmp");

    /** Default largest image accepted: 50 megapixels (e.g. 8,000 × 6,250). */
    public static final long DEFAULT_MAX_PIXELS = 50_000_000L;

    /** Class-size ratio (largest / smallest) from which a warning is logged. */
    public static final double IMBALANCE_RATIO = 2.0;

    /** Scans with the defaults: skip bad files with a warning, 50-megapixel limit. */
    public static FolderScan of(Path root) {
        return scan(root, BadFilePolicy.SKIP_WITH_WARNING, DEFAULT_MAX_PIXELS);
    }

    /**
     * Scans {@code root}.
     *
     * @throws ImageFolderException if the folder is missing, has no class sub-folders, only one class, an empty
     *                              class, or (with {@link BadFilePolicy#FAIL}) any bad image file
     */
    public static FolderScan scan(Path root, BadFilePolicy policy, long maxPixels) {
        if (!Files.isDirectory(root)) {
            throw new ImageFolderException("image folder " + root + " does not exist or is not a directory");
        }
        List<Path> classDirs = list(root).stream().filter(Files::isDirectory).filter(p -> !hidden(p))
                .sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        if (classDirs.isEmpty()) {
            long images = list(root).stream().filter(FolderScan::isImageName).count();
            throw new ImageFolderException("image folder " + root + " has no class sub-folders"
                    + (images > 0 ? " (it holds " + images + " images directly)" : "")
                    + "; put the images of each class in a sub-folder named after the class, e.g. "
                    + root.resolve("cats") + " and " + root.resolve("dogs"));
        }
        if (classDirs.size() == 1) {
            throw new ImageFolderException("image folder " + root + " has only one class sub-folder ("
                    + classDirs.get(0).getFileName() + "); a classifier needs at least two classes, one sub-folder each");
        }
        List<String> names = classDirs.stream().map(p -> p.getFileName().toString()).toList();
        List<LabeledFile> files = new ArrayList<>();
        List<RejectedFile> rejected = new ArrayList<>();
        List<Path> ignored = new ArrayList<>();
        for (int label = 0; label < classDirs.size(); label++) {
            for (Path p : walk(classDirs.get(label))) {
                if (!isImageName(p)) {
                    ignored.add(p);
                    continue;
                }
                String problem = check(p, maxPixels);
                if (problem == null) {
                    files.add(new LabeledFile(p, label));
                } else {
                    rejected.add(new RejectedFile(p, problem));
                }
            }
        }
        refuseOrWarn(rejected, policy, root.toString());
        if (!ignored.isEmpty()) {
            LOG.info("Ignoring {} non-image file(s) in {} (formats read: {}): {}", ignored.size(), root,
                    FORMATS.stream().sorted().toList(), ignored.size() <= 10 ? ignored : ignored.subList(0, 10) + " ...");
        }
        FolderScan scan = new FolderScan(root, names, files, rejected, ignored);
        int[] counts = scan.counts();
        List<String> empty = new ArrayList<>();
        for (int c = 0; c < counts.length; c++) {
            if (counts[c] == 0) {
                empty.add(classDirs.get(c).toString());
            }
        }
        if (!empty.isEmpty()) {
            throw new ImageFolderException("class folder(s) with no usable " + FORMATS.stream().sorted().toList()
                    + " images: " + empty + "; add images or remove the folder(s)");
        }
        if (scan.imbalanceRatio() >= IMBALANCE_RATIO) {
            LOG.warn("Classes in {} are imbalanced (largest / smallest = {}): {}. Consider more images for the small "
                    + "classes, class weights, or reporting per-class metrics.", root,
                    String.format(Locale.ROOT, "%.1f", scan.imbalanceRatio()), scan.countsByName());
        }
        return scan;
    }

    public FolderScan {
        classNames = List.copyOf(classNames);
        files = List.copyOf(files);
        rejected = List.copyOf(rejected);
        ignored = List.copyOf(ignored);
    }

    /** Usable images per class, indexed by label (an image with several labels counts in each). */
    public int[] counts() {
        int[] counts = new int[classNames.size()];
        for (LabeledFile f : files) {
            for (int l : f.labels()) {
                counts[l]++;
            }
        }
        return counts;
    }

    /** Largest class size over smallest (1.0 = balanced). */
    public double imbalanceRatio() {
        int[] counts = counts();
        int min = Integer.MAX_VALUE;
        int max = 0;
        for (int c : counts) {
            min = Math.min(min, c);
            max = Math.max(max, c);
        }
        return min == 0 ? Double.POSITIVE_INFINITY : (double) max / min;
    }

    /** Whether {@link #imbalanceRatio()} reaches {@link #IMBALANCE_RATIO}. */
    public boolean isImbalanced() {
        return imbalanceRatio() >= IMBALANCE_RATIO;
    }

    /** "name=count" for every class. */
    public String countsByName() {
        int[] counts = counts();
        List<String> parts = new ArrayList<>();
        for (int c = 0; c < counts.length; c++) {
            parts.add(classNames.get(c) + "=" + counts[c]);
        }
        return String.join(", ", parts);
    }

    /** A printable table: images per class, share, skipped and ignored files, imbalance warning. */
    public String report() {
        int[] counts = counts();
        int width = Math.max(5, classNames.stream().mapToInt(String::length).max().orElse(5));
        StringBuilder sb = new StringBuilder();
        sb.append("Image folder ").append(root).append(": ").append(classNames.size()).append(" classes, ")
                .append(files.size()).append(" images\n");
        sb.append(String.format(Locale.ROOT, "  %-" + width + "s %8s %7s%n", "class", "images", "share"));
        for (int c = 0; c < counts.length; c++) {
            sb.append(String.format(Locale.ROOT, "  %-" + width + "s %8d %6.1f%%%n", classNames.get(c), counts[c],
                    100.0 * counts[c] / Math.max(1, files.size())));
        }
        if (!rejected.isEmpty()) {
            sb.append("  skipped ").append(rejected.size()).append(" unusable file(s):\n");
            rejected.forEach(r -> sb.append("    ").append(r).append('\n'));
        }
        if (!ignored.isEmpty()) {
            sb.append("  ignored ").append(ignored.size()).append(" non-image file(s)\n");
        }
        if (isImbalanced()) {
            sb.append(String.format(Locale.ROOT, "  WARNING: imbalanced classes (largest / smallest = %.1f)%n", imbalanceRatio()));
        }
        return sb.toString();
    }

    /**
     * The image files (by {@link #FORMATS} extension) below {@code dir}, sorted, hidden files and folders left out;
     * an error naming {@code dir} when it holds none.
     */
    public static List<Path> imagesIn(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + " is not a folder");
        }
        List<Path> images = walk(dir).stream().filter(FolderScan::isImageName).toList();
        if (images.isEmpty()) {
            throw new IllegalArgumentException("no image files (" + String.join(", ", new java.util.TreeSet<>(FORMATS)) + ") in " + dir);
        }
        return images;
    }

    /** Whether the file name has one of the {@link #FORMATS} extensions (any case) and is not hidden. */
    static boolean isImageName(Path p) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return !hidden(p) && dot > 0 && FORMATS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** Unusable images per the policy: an error listing them ({@link BadFilePolicy#FAIL}) or a warning; nothing if none. */
    static void refuseOrWarn(List<RejectedFile> rejected, BadFilePolicy policy, String source) {
        if (rejected.isEmpty()) {
            return;
        }
        String list = rejected.stream().map(RejectedFile::toString).collect(Collectors.joining("\n  "));
        if (policy == BadFilePolicy.FAIL) {
            throw new ImageFolderException(rejected.size() + " unusable image file(s) in " + source
                    + " (remove or fix them, or use BadFilePolicy.SKIP_WITH_WARNING):\n  " + list);
        }
        LOG.warn("Skipping {} unusable image file(s) in {}:\n  {}", rejected.size(), source, list);
    }

    /** Null if usable, else why not. */
    static String check(Path p, long maxPixels) {
        ImageHeader header;
        try {
            header = ImageHeader.read(p);
        } catch (IOException e) {
            return "cannot be read as an image (corrupt, truncated or not an image: " + e.getMessage() + ")";
        }
        if (header.width() <= 0 || header.height() <= 0) {
            return "has no pixels (" + header.width() + "x" + header.height() + ")";
        }
        if (header.pixels() > maxPixels) {
            return String.format(Locale.ROOT, "too large: %dx%d = %.1f megapixels, over the limit of %.1f "
                    + "(raise it with ImageFolder.maxImagePixels, or downscale the file)", header.width(), header.height(),
                    header.pixels() / 1e6, maxPixels / 1e6);
        }
        if (header.bitsPerChannel() > 16) {
            return header.bitsPerChannel() + " bits per channel is not supported (8 and 16 are)";
        }
        return null;
    }

    static boolean hidden(Path p) {
        return p.getFileName().toString().startsWith(".");
    }

    static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    static List<Path> walk(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            // Hidden files and anything inside hidden directories (.git, ...) are not part of the data set.
            return s.filter(Files::isRegularFile)
                    .filter(p -> Stream.iterate(dir.relativize(p), q -> q != null, Path::getParent)
                            .noneMatch(FolderScan::hidden))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read class folder " + dir + ": " + e.getMessage(), e);
        }
    }
}
