package io.transfer4j.transfer.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds the images of multi-label data (several labels per image, e.g. "wet" and "cobblestone"), in one of two
 * layouts, as a {@link FolderScan} whose files carry every label:
 * <ul>
 *   <li><b>a CSV</b> of {@code path,label1;label2} rows (fastai's and Kaggle's layout): paths relative to the CSV's
 *   folder (or absolute), labels separated by {@code ;} (or spaces), an empty label cell for an image with none of
 *   the labels; an optional header row {@code path,labels}; label names sorted give the output order;</li>
 *   <li><b>a folder per label</b>: an image with several labels is in several label folders under the same file
 *   name (copies or links; their bytes must be equal).</li>
 * </ul>
 *
 * <pre>{@code
 * FolderScan scan = MultiLabelScan.csv(Path.of("roads/labels.csv"), BadFilePolicy.FAIL, FolderScan.DEFAULT_MAX_PIXELS);
 * scan.files().get(0);   // roads/1.jpg [0, 2]
 * }</pre>
 */
public final class MultiLabelScan {
    private static final Set<String> HEADER_NAMES = Set.of("path", "file", "filename", "image", "image_id", "fname");

    private MultiLabelScan() {
    }

    /**
     * Reads a {@code path,label1;label2} CSV.
     *
     * @throws ImageFolderException naming the CSV and its row for a malformed row, a missing file, a file listed twice,
     *                              fewer than two labels in all, or (with {@link BadFilePolicy#FAIL}) an unusable image
     */
    public static FolderScan csv(Path csv, BadFilePolicy policy, long maxPixels) {
        if (!Files.isRegularFile(csv)) {
            throw new ImageFolderException("label file " + csv + " does not exist or is not a file; give a CSV of "
                    + "'path,label1;label2' rows");
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ImageFolderException("cannot read label file " + csv + ": " + e.getMessage(), e);
        }
        Path root = csv.toAbsolutePath().getParent();
        Map<Path, List<String>> rows = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = i == 0 ? lines.get(0).replace("\uFEFF", "") : lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int comma = line.indexOf(',');
            if (comma <= 0 || line.indexOf(',', comma + 1) >= 0) {
                throw new ImageFolderException(csv + " row " + (i + 1) + ": expected 'path,label1;label2' (one comma; labels "
                        + "separated by ';'), got '" + line + "'");
            }
            String file = unquote(line.substring(0, comma));
            if (i == 0 && HEADER_NAMES.contains(file.toLowerCase(java.util.Locale.ROOT)) && !Files.exists(root.resolve(file))) {
                continue;   // a header row
            }
            List<String> labels = Arrays.stream(unquote(line.substring(comma + 1)).split("[;\\s]+"))
                    .filter(s -> !s.isEmpty()).distinct().toList();
            Path p = root.resolve(file).normalize();
            if (!Files.isRegularFile(p)) {
                throw new ImageFolderException(csv + " row " + (i + 1) + ": image " + p + " does not exist; fix the path "
                        + "(relative to " + root + ") or remove the row");
            }
            if (rows.put(p, labels) != null) {
                throw new ImageFolderException(csv + " row " + (i + 1) + ": " + file + " is listed twice; put all its labels "
                        + "on one row, separated by ';'");
            }
        }
        return build(root, csv.toString(), rows, policy, maxPixels);
    }

    /**
     * Reads a folder with one sub-folder per label; files with the same name in several label folders are one image
     * with those labels.
     *
     * @throws ImageFolderException if the folder has fewer than two label folders, or two same-named files differ
     */
    public static FolderScan folders(Path root, BadFilePolicy policy, long maxPixels) {
        if (!Files.isDirectory(root)) {
            throw new ImageFolderException("image folder " + root + " does not exist or is not a directory");
        }
        List<Path> labelDirs = FolderScan.list(root).stream().filter(Files::isDirectory).filter(p -> !FolderScan.hidden(p))
                .sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        Map<String, Path> first = new LinkedHashMap<>();
        Map<Path, List<String>> rows = new LinkedHashMap<>();
        for (Path dir : labelDirs) {
            String label = dir.getFileName().toString();
            for (Path p : FolderScan.walk(dir)) {
                if (!FolderScan.isImageName(p)) {
                    continue;
                }
                String key = dir.relativize(p).toString();
                Path seen = first.putIfAbsent(key, p);
                if (seen == null) {
                    rows.put(p, new ArrayList<>(List.of(label)));
                } else {
                    requireSameBytes(seen, p);
                    rows.get(seen).add(label);
                }
            }
        }
        return build(root, root.toString(), rows, policy, maxPixels);
    }

    private static FolderScan build(Path root, String source, Map<Path, List<String>> rows, BadFilePolicy policy, long maxPixels) {
        List<String> names = new ArrayList<>(new TreeSet<>(rows.values().stream().flatMap(List::stream).toList()));
        if (names.size() < 2) {
            throw new ImageFolderException(source + " names " + names.size() + " label(s) " + names + "; multi-label data "
                    + "needs at least two labels (for one yes/no label, use two class folders: 'wet' and 'dry')");
        }
        List<LabeledFile> files = new ArrayList<>();
        List<RejectedFile> rejected = new ArrayList<>();
        for (Map.Entry<Path, List<String>> e : rows.entrySet()) {
            String problem = FolderScan.check(e.getKey(), maxPixels);
            if (problem != null) {
                rejected.add(new RejectedFile(e.getKey(), problem));
                continue;
            }
            files.add(new LabeledFile(e.getKey(), e.getValue().stream().mapToInt(names::indexOf).toArray()));
        }
        FolderScan.refuseOrWarn(rejected, policy, source);
        if (files.isEmpty()) {
            throw new ImageFolderException(source + " lists no usable images");
        }
        files.sort(Comparator.comparing(LabeledFile::path));
        return new FolderScan(root, names, files, rejected, List.of());
    }

    private static void requireSameBytes(Path a, Path b) {
        try {
            if (Files.mismatch(a, b) >= 0) {
                throw new ImageFolderException(a + " and " + b + " have the same name in two label folders but differ; "
                        + "in the folder-per-label layout a same-named file is one image with both labels: rename one of them");
            }
        } catch (IOException e) {
            throw new ImageFolderException("cannot compare " + a + " with " + b + ": " + e.getMessage(), e);
        }
    }

    private static String unquote(String s) {
        String t = s.strip();
        return t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"") ? t.substring(1, t.length() - 1) : t;
    }
}
