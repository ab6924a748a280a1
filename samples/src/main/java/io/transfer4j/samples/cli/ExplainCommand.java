package io.transfer4j.samples.cli;

import io.transfer4j.transfer.TransferModel;
import io.transfer4j.transfer.explain.GradCam;
import io.transfer4j.transfer.explain.Heatmap;
import io.transfer4j.transfer.explain.ModelImages;
import io.transfer4j.transfer.explain.Pictures;
import io.transfer4j.transfer.io.AtomicFiles;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code explain --model M [--class C | --top K] [--layer L] --out DIR IMAGE...}: Grad-CAM overlays (one PNG per
 * image and class) with the predictions, and {@code DIR/index.html}, a contact sheet of them all.
 */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = "Grad-CAM heatmaps over images: which parts lead the model to a class (PNG per image and class, index.html).")
final class ExplainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Option(names = "--model", required = true, description = "saved model file, or zoo model name (e.g. vgg16)")
    String model;
    @Option(names = "--weights", description = "for zoo models: weight tag (imagenet) or weight file")
    String weights;
    @Option(names = "--class", description = "explain this class index (default: the top classes)")
    Integer classIndex;
    @Option(names = "--top", defaultValue = "1", description = "explain the K most probable classes (default ${DEFAULT-VALUE})")
    int top;
    @Option(names = "--layer", description = "conv layer to explain at (default: the last conv layer before the head)")
    String layer;
    @Option(names = "--out", required = true, description = "directory for the PNGs and index.html")
    Path out;
    @Parameters(paramLabel = "IMAGE", arity = "1..*", description = "jpg, jpeg, png or bmp files")
    List<Path> images;

    @Override
    public Integer call() throws Exception {
        if (top < 1) {
            throw new IllegalArgumentException("--top must be >= 1, got " + top);
        }
        TransferModel m = ModelRef.load(model, weights).model();
        GradCam cam = GradCam.of(m);
        if (layer != null) {
            cam.layer(layer);
        }
        Files.createDirectories(out);
        List<String> labels = m.labels();
        var w = spec.commandLine().getOut();
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Grad-CAM</title></head><body>\n"
                + "<h1>Grad-CAM at layer " + esc(cam.layer()) + "</h1>\n");
        for (Path image : images) {
            var raw = ModelImages.raw(m, image);
            var probs = m.graph().outputSingle(false, ModelImages.input(m, raw));
            List<Integer> classes = classIndex != null ? List.of(classIndex)
                    : IntStream.range(0, labels.size()).boxed().sorted(Comparator.comparingDouble(i -> -probs.getDouble(0, i)))
                            .limit(top).toList();
            BufferedImage base = Pictures.image(raw);
            w.println(image + ":");
            html.append("<h2>").append(esc(image.toString())).append("</h2>\n");
            for (int c : classes) {
                Heatmap h = cam.heatmap(ModelImages.input(m, raw), c);
                String stem = image.getFileName().toString().replaceFirst("\\.[^.]*$", "");
                Path png = out.resolve(stem + "-" + c + ".png");
                String caption = String.format(Locale.ROOT, "%s %.4f", labels.get(c), h.score());
                Pictures.write(Pictures.overlay(base, h, caption), png);
                w.printf(Locale.ROOT, "  %4d  %-30s %s  -> %s%n", c, labels.get(c), PredictCommand.sig6(h.score()), png);
                html.append("<figure style=\"display:inline-block\"><img src=\"").append(esc(png.getFileName().toString()))
                        .append("\"><figcaption>").append(esc(caption)).append("</figcaption></figure>\n");
            }
        }
        html.append("</body></html>\n");
        byte[] bytes = html.toString().getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(out.resolve("index.html"), o -> o.write(bytes));
        return 0;
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
