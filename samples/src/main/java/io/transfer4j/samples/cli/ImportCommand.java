package io.transfer4j.samples.cli;

import io.transfer4j.dsl.Shape;
import io.transfer4j.transfer.TransferModel;
import io.transfer4j.transfer.onnx.OnnxImport;
import io.transfer4j.zoo.ModelInfo;
import io.transfer4j.zoo.Preprocessing;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.nd4j.shade.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code import model.onnx --preprocess torch --out model.zip}: an ONNX CNN as a transfer4j model file (weights,
 * preprocessing, labels, where its classifier starts) that every command taking a zoo name then takes:
 * {@code summary}, {@code predict}, {@code finetune --model}, {@code explain}, {@code export}. {@code import --check}
 * lists the nodes that would not map.
 */
@Command(name = "import", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Import an ONNX CNN (torch.onnx.export, tf2onnx, Keras 3) as a trainable model file for",
                "summary, predict, finetune --model, explain and export; --check lists the ONNX nodes that would not map."})
final class ImportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Parameters(paramLabel = "MODEL.onnx", description = "the ONNX file")
    Path file;
    @Option(names = "--check", description = "only list what would not map (exit code 1 if anything would not)")
    boolean check;
    @Option(names = "--preprocess", paramLabel = "torch|caffe|tf|none|JSON", description = {"how images are fed, stored in the model file:",
            "torch (0..1, ImageNet mean/std, RGB), caffe (BGR minus means), tf (-1..1), none (raw 0..255), or a JSON object or",
            ".json file: {\"mean\": [...], \"std\": [...], \"scale\": 0.00392157, \"channelOrder\": \"RGB\"}; required unless --check"})
    String preprocess;
    @Option(names = "--labels", paramLabel = "FILE", description = "class names, one per line, in output order (as many as the model's outputs)")
    Path labels;
    @Option(names = "--size", paramLabel = "H[xW]", description = "input size, for files whose input height and width are dynamic")
    String size;
    @Option(names = "--out", description = "the model file to write (required unless --check)")
    Path out;
    @Option(names = "--json", description = {"one JSON object: schemaVersion, command, model, out, problems[], layers, params, inputShape, outputs,",
            "classifierLayer, featureLayer, preprocessing (with --check: problems, the others null)"})
    boolean json;

    @Override
    public Integer call() throws IOException {
        PrintWriter w = spec.commandLine().getOut();
        ObjectNode o = JsonOutput.start("import");
        o.put("model", file.toString());
        if (check) {
            List<String> problems = OnnxImport.check(file);
            o.putNull("out");
            problems.forEach(o.putArray("problems")::add);
            for (String key : List.of("layers", "params", "inputShape", "outputs", "classifierLayer", "featureLayer", "preprocessing")) {
                o.putNull(key);   // the keys never depend on the options
            }
            if (json) {
                JsonOutput.print(w, o);
            } else if (problems.isEmpty()) {
                w.println(file + ": every node maps; import it with --preprocess and --out");
            } else {
                problems.forEach(w::println);
                w.println(problems.size() + " node(s) of " + file + " would not map; supported ops: " + OnnxImport.supportedOps());
            }
            return problems.isEmpty() ? 0 : 1;
        }
        if (preprocess == null || out == null) {
            throw new IllegalArgumentException("import needs --preprocess (torch, caffe, tf, none or JSON) and --out (the model file to write)");
        }
        Shape input = inputSize();
        // the size is the file's (or --size): parse gives a placeholder size that fromOnnx replaces
        TransferModel m = TransferModel.fromOnnx(file, input, Preprocessing.parse(preprocess, 1, 1));
        if (labels != null) {
            m.labels(Files.readAllLines(labels).stream().map(String::strip).filter(l -> !l.isEmpty()).toList());
        }
        m.save(out);
        ModelInfo info = m.info().orElseThrow();
        o.put("out", out.toString());
        o.putArray("problems");
        o.put("layers", m.layerNames().size());
        o.put("params", m.graph().numParams());
        o.put("inputShape", m.inputShapes().get(0).toString());
        o.put("outputs", m.classCount());
        o.put("classifierLayer", info.classifierLayer());
        o.put("featureLayer", info.featureLayer());
        o.put("preprocessing", String.valueOf(m.preprocessing()));
        if (json) {
            JsonOutput.print(w, o);
        } else {
            w.printf("imported %s: %d layers, %,d parameters, input %s, %d outputs%n", file, m.layerNames().size(), m.graph().numParams(),
                    m.inputShapes().get(0), m.classCount());
            w.println(info.classifierLayer() == null ? "no dense classifier at the output: name the cut point when re-heading (Head.cutAt)"
                    : "classifier " + info.classifierLayer() + " reads features " + info.featureLayer() + " (" + info.featureWidth()
                    + " wide); finetune puts its new head there");
            w.println("preprocessing " + m.preprocessing());
            w.println("wrote " + out);
        }
        return 0;
    }

    private Shape inputSize() {
        if (size == null) {
            return null;
        }
        String[] hw = size.toLowerCase(java.util.Locale.ROOT).split("x");
        try {
            int h = Integer.parseInt(hw[0].strip());
            return Shape.image(h, hw.length > 1 ? Integer.parseInt(hw[1].strip()) : h, 3);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--size takes H or HxW in pixels (224, 224x160), got '" + size + "'");
        }
    }
}
