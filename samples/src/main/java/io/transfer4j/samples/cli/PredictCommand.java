package io.transfer4j.samples.cli;

import io.transfer4j.dsl.PhaseTimes;
import io.transfer4j.samples.finetune.FinetuneOptions;
import io.transfer4j.transfer.Classifier;
import io.transfer4j.transfer.Prediction;
import io.transfer4j.transfer.onnx.Engine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nd4j.shade.jackson.databind.node.ArrayNode;
import org.nd4j.shade.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code predict --model M [--weights W] [--top K] IMAGE...}: top-k classes per image, the model's preprocessing applied
 * (a multi-label model's: every label over its threshold);
 * for a model whose output is a map of class scores ({@code convolutionalize}), the argmax grid (or the map with --json).
 */
@Command(name = "predict", mixinStandardHelpOptions = true, description = "Top-k classes of images (class index, label, probability).")
final class PredictCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Option(names = "--model", required = true, description = "saved model file, or zoo model name (e.g. resnet50)")
    String model;
    @Option(names = "--weights", description = "for zoo models: weight tag (imagenet), or a .h5 / DL4J .zip / transfer4j .zip file")
    String weights;
    @Option(names = "--top", defaultValue = "5", description = {"how many classes per image (default ${DEFAULT-VALUE}); a multi-label",
            "model prints every label over its threshold instead"})
    int top;
    @Option(names = "--engine", defaultValue = "auto", paramLabel = "auto|dl4j|onnx",
            description = {"what runs the model: auto (default: ONNX Runtime when the model exports, else DL4J), dl4j or onnx;",
                    "the export is cached by a hash of its weights (a fine-tuned model's trunk: the one finetune made)"})
    String engine;
    @Option(names = "--tta", defaultValue = "1", paramLabel = "N",
            description = "test-time augmentation: average over 1 (off, the default), 2 (image + mirror), 5 (five crops) or 10 (five crops + mirrors) views")
    int tta;
    @Option(names = "--verbose", description = "print where the time went (load model, export, predict)")
    boolean verbose;
    @Option(names = "--no-fold-bn", description = "run the model's own graph instead of a copy with BatchNorm folded into the"
            + " convolutions (the default: same outputs within 1e-4, faster)")
    boolean noFoldBn;
    @Option(names = "--json", description = "one JSON object: schemaVersion, command, model, engine, multiLabel, results[{image, predictions[{index, label, probability}]}]")
    boolean json;
    @Parameters(paramLabel = "IMAGE", arity = "1..*", description = "jpg, jpeg, png or bmp files")
    List<Path> images;

    /** The classifier the options ask for. */
    Classifier classifier(ModelRef ref, Engine.Kind kind) {
        return Classifier.of(ref.model()).engine(kind, Engine.defaultCacheDir()).foldBatchNorm(!noFoldBn).tta(tta);
    }

    @Override
    public Integer call() {
        if (top < 1) {
            throw new IllegalArgumentException("--top must be >= 1, got " + top);
        }
        for (Path p : images) {
            if (!Files.isRegularFile(p)) {
                throw new IllegalArgumentException("image " + p + " does not exist or is not a file");
            }
        }
        Engine.Kind kind = FinetuneOptions.engineKind(engine, "--engine");
        List<List<Prediction>> all;
        Engine.Kind ran;
        boolean multiLabel;
        // A saved file loads only as far as predicting needs: on ONNX Runtime, a file predicted before opens its
        // recorded export and builds no DL4J graph (Classifier.load(file, kind, dir)); zoo models load as usual.
        try (Classifier classifier = Files.isRegularFile(Path.of(model)) && weights == null
                ? Classifier.load(Path.of(model), kind, Engine.defaultCacheDir()).foldBatchNorm(!noFoldBn).tta(tta)
                : classifier(ModelRef.load(model, weights), kind)) {
            if (classifier.outputsMap()) {   // a convolutionalized model: a class-score map per image
                ScoreMapOutput.print(classifier.model(), model, images, json, spec.commandLine().getOut());
                return 0;
            }
            multiLabel = classifier.isMultiLabel();
            all = multiLabel ? classifier.predictLabelsFiles(images)   // every label over its threshold
                    : classifier.predictFiles(images, Math.min(top, classifier.labels().size()));
            ran = classifier.engineKind();                       // AUTO resolved
        }
        if (verbose) {
            System.err.print("where the time went:\n" + PhaseTimes.table());
        }
        var out = spec.commandLine().getOut();
        if (json) {
            ObjectNode o = JsonOutput.start("predict");
            o.put("model", model);
            o.put("engine", ran == Engine.Kind.DL4J ? "dl4j" : "onnx");
            o.put("multiLabel", multiLabel);
            ArrayNode results = o.putArray("results");
            for (int i = 0; i < images.size(); i++) {
                ObjectNode r = results.addObject().put("image", images.get(i).toString());
                ArrayNode top = r.putArray("predictions");
                for (Prediction p : all.get(i)) {
                    top.addObject().put("index", p.index()).put("label", p.label()).put("probability", p.probability());
                }
            }
            JsonOutput.print(out, o);
            return 0;
        }
        for (int i = 0; i < images.size(); i++) {
            out.println(images.get(i) + ":");
            if (all.get(i).isEmpty()) {
                out.println("  (no label over its threshold)");
            }
            for (Prediction p : all.get(i)) {
                out.printf(Locale.ROOT, "  %4d  %-30s %s%n", p.index(), p.label(), sig6(p.probability()));
            }
        }
        return 0;
    }

    /** A probability to 6 significant digits. */
    static String sig6(double p) {
        return new java.math.BigDecimal(p).round(new java.math.MathContext(6)).toString();
    }
}
