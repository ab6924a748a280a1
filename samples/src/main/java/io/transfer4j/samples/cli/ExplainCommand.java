package io.transfer4j.samples.cli;

import io.transfer4j.transfer.TransferModel;
import io.transfer4j.transfer.data.FolderScan;
import io.transfer4j.transfer.explain.ClassActivationMap;
import io.transfer4j.transfer.explain.ContactSheet;
import io.transfer4j.transfer.explain.GradCam;
import io.transfer4j.transfer.explain.Heatmap;
import io.transfer4j.transfer.explain.ModelImages;
import io.transfer4j.transfer.explain.Pictures;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code explain --model M [--class C | --top K] [--layer L | --cam] [--sheet FILE.png] --out DIR IMAGE|FOLDER...}:
 * Grad-CAM (or CAM) overlays, one PNG per image and class, with the predictions; {@code DIR/index.html} shows them all,
 * and {@code --sheet} writes one PNG of their thumbnails. A folder stands for every image below it.
 */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = "Grad-CAM heatmaps over images: which parts lead the model to a class (PNG per image and class, index.html).")
final class ExplainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    ModelOptions model;
    @Option(names = "--class", description = "explain this class index (default: the top classes)")
    Integer classIndex;
    @Option(names = "--top", defaultValue = "1", description = "explain the K most probable classes (default ${DEFAULT-VALUE})")
    int top;
    @Option(names = "--layer", description = "conv layer to explain at (default: the last conv layer before the head)")
    String layer;
    @Option(names = "--cam", description = "plain class activation maps (global-average-pool models: ResNet, DenseNet, GoogLeNet) instead of Grad-CAM")
    boolean cam;
    @Option(names = "--sheet", description = "also write a contact sheet PNG of every overlay (thumbnails, 6 per row)")
    Path sheet;
    @Option(names = "--out", required = true, description = "directory for the PNGs and index.html")
    Path out;
    @Parameters(paramLabel = "IMAGE", arity = "1..*", description = "jpg, jpeg, png or bmp files, or folders of them")
    List<Path> images;

    @Override
    public Integer call() throws Exception {
        if (top < 1) {
            throw new IllegalArgumentException("--top must be >= 1, got " + top);
        }
        if (cam && layer != null) {
            throw new IllegalArgumentException("--cam uses the layer before the global pooling; drop --layer " + layer + " (or --cam)");
        }
        TransferModel m = model.load();
        GradCam gradCam = GradCam.of(m);
        ClassActivationMap classMap = cam ? ClassActivationMap.of(m) : null;
        if (layer != null) {
            gradCam.layer(layer);
        }
        Files.createDirectories(out);
        List<String> labels = m.labels();
        var w = spec.commandLine().getOut();
        ContactSheet contact = ContactSheet.titled((cam ? "CAM at layer " + classMap.featureLayer() : "Grad-CAM at layer " + gradCam.layer()));
        for (var e : expand(images).entrySet()) {
            Path image = e.getValue();
            var raw = ModelImages.raw(m, image);
            var input = ModelImages.input(m, raw.dup());
            var probs = m.graph().outputSingle(false, input);
            List<Integer> classes = classIndex != null ? List.of(classIndex)
                    : IntStream.range(0, labels.size()).boxed().sorted(Comparator.comparingDouble(i -> -probs.getDouble(0, i)))
                            .limit(top).toList();
            BufferedImage base = Pictures.image(raw);
            w.println(image + ":");
            for (int c : classes) {
                Heatmap h = cam ? classMap.heatmap(input, c) : gradCam.heatmap(input, c);
                Path png = out.resolve(e.getKey() + "-" + c + ".png");
                String caption = String.format(Locale.ROOT, "%s %.4f", labels.get(c), h.score());
                Pictures.write(Pictures.overlay(base, h, caption), png);
                w.printf(Locale.ROOT, "  %4d  %-30s %s  -> %s%n", c, labels.get(c), PredictCommand.sig6(h.score()), png);
                contact.add(image.toString(), png, caption);
            }
        }
        contact.writeHtml(out.resolve("index.html"));
        if (sheet != null) {
            contact.writePng(sheet, 160, 6);
            w.println("contact sheet: " + sheet);
        }
        return 0;
    }

    /**
     * The image files by the stem their overlays are named after: a file's name, or for the images below a folder their
     * path inside it ({@code light/0.png} -> {@code light_0}); two files with one stem are refused.
     */
    private static java.util.Map<String, Path> expand(List<Path> args) {
        java.util.Map<String, Path> files = new java.util.LinkedHashMap<>();
        for (Path p : args) {
            List<Path> found = Files.isDirectory(p) ? FolderScan.imagesIn(p) : List.of(p);
            for (Path f : found) {
                String name = (Files.isDirectory(p) ? p.relativize(f) : f.getFileName()).toString();
                String stem = name.replaceFirst("\\.[^.]*$", "").replaceAll("[/\\\\]", "_");
                Path before = files.put(stem, f);
                if (before != null && !before.equals(f)) {
                    throw new IllegalArgumentException(before + " and " + f + " would write the same overlay files (" + stem
                            + "-C.png); rename one or explain them with different --out folders");
                }
            }
        }
        return files;
    }
}
