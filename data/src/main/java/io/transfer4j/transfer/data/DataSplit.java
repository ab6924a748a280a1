package io.transfer4j.transfer.data;

import io.transfer4j.transfer.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A stratified train / validation / test split of an image folder: every class is divided in the same
 * proportions, chosen at random with a seed (same folder + fractions + seed = same split). It can be saved
 * to a small text file and loaded again so evaluation is repeatable even after files are added.
 *
 * <p>File format (UTF-8, paths relative to the folder, '/' separated):
 * <pre>
 * # transfer4j split v1
 * classes	cobblestone	interlocking	unpaved
 * train	cobblestone/img_001.jpg
 * validation	unpaved/img_017.png
 * test	interlocking/img_003.jpg
 * </pre>
 *
 * <pre>{@code
 * DataSplit split = DataSplit.stratified(FolderScan.of(root), 0.7, 0.15, 0.15, 42);
 * split.save(root.resolve("split.txt"));
 * DataSplit again = DataSplit.load(root.resolve("split.txt"), root);
 * }</pre>
 *
 * @param classNames class names, index = label
 * @param train      training files
 * @param validation validation files (may be empty)
 * @param test       test files (may be empty)
 */
public record DataSplit(List<String> classNames, List<LabeledFile> train, List<LabeledFile> validation,
                        List<LabeledFile> test) {

    private static final String HEADER = "# transfer4j split v1";
    private static final String[] SUBSETS = {"train", "validation", "test"};

    public DataSplit {
        classNames = List.copyOf(classNames);
        train = List.copyOf(train);
        validation = List.copyOf(validation);
        test = List.copyOf(test);
    }

    /**
     * Splits every class of {@code scan} by the fractions (they must sum to 1; validation and test may be 0).
     * Per class, the counts are rounded so they add up, and every subset with a positive fraction gets at least
     * one image of every class.
     *
     * @throws IllegalArgumentException for bad fractions
     * @throws ImageFolderException     if a class has fewer images than subsets to fill
     */
    public static DataSplit stratified(FolderScan scan, double train, double validation, double test, long seed) {
        double[] fractions = {train, validation, test};
        checkFractions(fractions);
        List<List<LabeledFile>> out = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        Random random = new Random(seed);
        for (int c = 0; c < scan.classNames().size(); c++) {
            final int label = c;
            List<LabeledFile> ofClass = new ArrayList<>(scan.files().stream().filter(f -> f.label() == label)
                    .sorted((a, b) -> a.path().compareTo(b.path())).toList());
            Collections.shuffle(ofClass, random);
            int[] counts = counts(ofClass.size(), fractions, scan.classNames().get(c), scan.root());
            int from = 0;
            for (int s = 0; s < 3; s++) {
                out.get(s).addAll(ofClass.subList(from, from + counts[s]));
                from += counts[s];
            }
        }
        return new DataSplit(scan.classNames(), out.get(0), out.get(1), out.get(2));
    }

    /**
     * Splits the images of {@code scan} at random by the fractions (seeded): multi-label data, where an image has
     * several classes (or none) and a split per class is not defined.
     */
    public static DataSplit random(FolderScan scan, double train, double validation, double test, long seed) {
        double[] fractions = {train, validation, test};
        checkFractions(fractions);
        List<LabeledFile> all = new ArrayList<>(scan.files().stream().sorted((a, b) -> a.path().compareTo(b.path())).toList());
        Collections.shuffle(all, new Random(seed));
        int[] counts = counts(all.size(), fractions, "(all images)", scan.root());
        return new DataSplit(scan.classNames(), all.subList(0, counts[0]), all.subList(counts[0], counts[0] + counts[1]),
                all.subList(counts[0] + counts[1], all.size()));
    }

    /** Images per class in {@code subset}. */
    public static int[] classCounts(List<LabeledFile> subset, int numClasses) {
        int[] counts = new int[numClasses];
        subset.forEach(f -> {
            for (int l : f.labels()) {
                counts[l]++;
            }
        });
        return counts;
    }

    /** Writes the split, paths relative to {@code root}, atomically (temp file + move). */
    public void save(Path file, Path root) {
        List<String> lines = new ArrayList<>();
        lines.add(HEADER);
        lines.add("classes\t" + String.join("\t", classNames));
        List<List<LabeledFile>> subsets = List.of(train, validation, test);
        for (int s = 0; s < 3; s++) {
            for (LabeledFile f : subsets.get(s)) {
                lines.add(SUBSETS[s] + "\t" + relative(root, f.path()));
            }
        }
        try {
            AtomicFiles.write(file, out -> {
                for (String line : lines) {
                    out.write((line + System.lineSeparator()).getBytes(StandardCharsets.UTF_8));
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write split file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a split saved by {@link #save}; labels come from each file's class folder (the first path element).
     *
     * @throws ImageFolderException if the file is not a split file, names an unknown class, or lists files that no
     *                              longer exist under {@code root}
     */
    public static DataSplit load(Path file, Path root) {
        List<String> lines = readLines(file);
        if (lines.isEmpty() || !lines.get(0).equals(HEADER) || lines.size() < 2 || !lines.get(1).startsWith("classes\t")) {
            throw new ImageFolderException(file + " is not a transfer4j split file (expected first lines '" + HEADER
                    + "' and 'classes<TAB>...')");
        }
        List<String> classes = Arrays.asList(lines.get(1).substring("classes\t".length()).split("\t"));
        List<List<LabeledFile>> subsets = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        List<String> missing = new ArrayList<>();
        forEachEntry(file, lines, (i, s, rel) -> {
            int slash = rel.indexOf('/');
            int label = slash > 0 ? classes.indexOf(rel.substring(0, slash)) : -1;
            if (label < 0) {
                throw new ImageFolderException(file + " line " + (i + 1) + ": '" + rel + "' is not inside one of the classes " + classes);
            }
            Path p = root.resolve(rel.replace('/', root.getFileSystem().getSeparator().charAt(0))).normalize();
            if (!p.startsWith(root.normalize().resolve(classes.get(label)))) {
                throw new ImageFolderException(file + " line " + (i + 1) + ": '" + rel + "' points outside its class folder");
            }
            if (!Files.isRegularFile(p)) {
                missing.add(p.toString());
            }
            subsets.get(s).add(new LabeledFile(p, label));
        });
        if (!missing.isEmpty()) {
            throw new ImageFolderException(missing.size() + " file(s) listed in split " + file + " no longer exist under "
                    + root + " (first: " + missing.get(0) + "); restore them or make a new split");
        }
        return new DataSplit(classes, subsets.get(0), subsets.get(1), subsets.get(2));
    }

    /**
     * Reads a split saved by {@link #save} for the images of {@code scan}, each file's labels taken from the scan (the
     * way to reload the split of multi-label data, whose labels are not folder names).
     *
     * @throws ImageFolderException if the file is not a split file, its classes differ from the scan's, or it lists a
     *                              file the scan does not have
     */
    public static DataSplit load(Path file, FolderScan scan) {
        Path root = scan.root();
        java.util.Map<String, LabeledFile> byPath = new java.util.HashMap<>();
        scan.files().forEach(f -> byPath.put(relative(root, f.path()), f));
        List<String> lines = readLines(file);
        if (lines.size() < 2 || !lines.get(0).equals(HEADER) || !lines.get(1).equals("classes\t" + String.join("\t", scan.classNames()))) {
            throw new ImageFolderException(file + " is not a split of " + root + " (expected first lines '" + HEADER + "' and 'classes<TAB>"
                    + String.join("<TAB>", scan.classNames()) + "'); delete it to make a new split");
        }
        List<List<LabeledFile>> subsets = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        forEachEntry(file, lines, (i, s, rel) -> {
            LabeledFile f = byPath.get(rel);
            if (f == null) {
                throw new ImageFolderException(file + " line " + (i + 1) + ": '" + rel + "' is not one of the images of " + root
                        + "; delete the split file to make a new split");
            }
            subsets.get(s).add(f);
        });
        return new DataSplit(scan.classNames(), subsets.get(0), subsets.get(1), subsets.get(2));
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ImageFolderException("cannot read split file " + file + ": " + e.getMessage(), e);
        }
    }

    /** One {@code subset<TAB>path} line: its index in the file, the subset (0 train, 1 validation, 2 test), the path. */
    private interface Entry {
        void accept(int line, int subset, String relativePath);
    }

    /** Every entry after the two header lines, blank and {@code #} lines skipped; a malformed line is an error naming it. */
    private static void forEachEntry(Path file, List<String> lines, Entry entry) {
        for (int i = 2; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\t", 2);
            int s = parts.length == 2 ? Arrays.asList(SUBSETS).indexOf(parts[0]) : -1;
            if (s < 0) {
                throw new ImageFolderException(file + " line " + (i + 1) + ": expected '<train|validation|test><TAB><path>', got '" + line + "'");
            }
            entry.accept(i, s, parts[1]);
        }
    }

    /** Sizes, e.g. "train 70, validation 15, test 15". */
    public String sizes() {
        return String.format(Locale.ROOT, "train %d, validation %d, test %d", train.size(), validation.size(), test.size());
    }

    private static String relative(Path root, Path file) {
        Path rel = root.toAbsolutePath().normalize().relativize(file.toAbsolutePath().normalize());
        List<String> parts = new ArrayList<>();
        rel.forEach(p -> parts.add(p.toString()));
        return String.join("/", parts);
    }

    private static void checkFractions(double[] f) {
        for (double x : f) {
            if (!(x >= 0 && x <= 1)) {
                throw new IllegalArgumentException("split fractions must be between 0 and 1, got " + Arrays.toString(f));
            }
        }
        if (Math.abs(f[0] + f[1] + f[2] - 1) > 1e-6) {
            throw new IllegalArgumentException("split fractions must sum to 1, got " + Arrays.toString(f)
                    + " (sum " + (f[0] + f[1] + f[2]) + ")");
        }
    }

    /** Largest-remainder rounding, then at least one image for every subset with a positive fraction. */
    private static int[] counts(int n, double[] fractions, String className, Path root) {
        int needed = 0;
        for (double f : fractions) {
            needed += f > 0 ? 1 : 0;
        }
        if (n < needed) {
            throw new ImageFolderException("class '" + className + "' in " + root + " has " + n + " image(s), too few to put one in each of "
                    + needed + " subsets; add images or use fewer subsets (e.g. split(0.8, 0.2))");
        }
        int[] counts = new int[3];
        double[] remainders = new double[3];
        int total = 0;
        for (int s = 0; s < 3; s++) {
            double exact = n * fractions[s];
            counts[s] = (int) Math.floor(exact);
            remainders[s] = exact - counts[s];
            total += counts[s];
        }
        while (total < n) {
            int best = 0;
            for (int s = 1; s < 3; s++) {
                if (remainders[s] > remainders[best]) {
                    best = s;
                }
            }
            counts[best]++;
            remainders[best] = -1;
            total++;
        }
        for (int s = 0; s < 3; s++) {
            if (fractions[s] > 0 && counts[s] == 0) {
                int donor = 0;
                for (int d = 1; d < 3; d++) {
                    if (counts[d] > counts[donor]) {
                        donor = d;
                    }
                }
                counts[donor]--;
                counts[s]++;
            }
        }
        return counts;
    }
}
