package io.transfer4j.samples.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.nd4j.shade.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code export --model model.zip --out model.onnx}: a saved or zoo model to a standard ONNX file. */
@Command(name = "export", mixinStandardHelpOptions = true, description = "Export a model to ONNX (opset 13).")
final class ExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Option(names = "--model", required = true, description = "saved model file or zoo model name")
    String model;
    @Option(names = "--weights", description = "weight tag, .h5 or DL4J .zip (zoo models only)")
    String weights;
    @Option(names = "--out", required = true, description = "the .onnx file to write")
    Path out;
    @Option(names = "--json", description = "one JSON object: schemaVersion, command, model, out, bytes")
    boolean json;

    @Override
    public Integer call() {
        ModelRef ref = ModelRef.load(model, weights);
        io.transfer4j.transfer.onnx.OnnxExport.export(ref.graph(), ref.inputShapes(), out);
        if (json) {
            ObjectNode o = JsonOutput.start("export");
            o.put("model", model);
            o.put("out", out.toString());
            o.put("bytes", out.toFile().length());
            JsonOutput.print(spec.commandLine().getOut(), o);
        } else {
            spec.commandLine().getOut().println("wrote " + out + " (" + ref.describe() + ")");
        }
        return 0;
    }
}
