package io.transfer4j.samples.cli;

import io.transfer4j.transfer.TransferModel;
import io.transfer4j.transfer.explain.ModelImages;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.databind.node.ArrayNode;
import org.nd4j.shade.jackson.databind.node.ObjectNode;

/**
 * {@code predict} on a model whose output is a map of class scores (a {@code convolutionalize}d model): the
 * argmax class of each cell as a grid, with the labels of the classes that occur; {@code --json}: the whole map.
 */
final class ScoreMapOutput {
    private ScoreMapOutput() {
    }

    /** Whether the model's output is a map (channels = classes) rather than a vector. */
    static boolean isMap(TransferModel m) {
        var s = m.inputShapes().get(0);
        String out = m.graph().getConfiguration().getNetworkOutputs().get(0);
        return io.transfer4j.dsl.ActivationTypes.of(m.graph().getConfiguration(), InputType.convolutional(s.height(), s.width(), s.channels()))
                .get(out) instanceof InputType.InputTypeConvolutional;
    }

    static void print(TransferModel m, String model, List<Path> images, boolean json, PrintWriter out) {
        List<String> labels = m.labels();
        ObjectNode o = JsonOutput.start("predict");
        o.put("model", model);
        ArrayNode results = o.putArray("results");
        for (Path image : images) {
            INDArray map = m.graph().outputSingle(false, ModelImages.input(m, ModelImages.raw(m, image))).slice(0);  // [K, h, w]
            INDArray arg = map.argMax(0);
            int h = (int) map.size(1);
            int w = (int) map.size(2);
            if (json) {
                ObjectNode r = results.addObject().put("image", image.toString());
                ArrayNode grid = r.putArray("argmax");
                for (int y = 0; y < h; y++) {
                    ArrayNode row = grid.addArray();
                    for (int x = 0; x < w; x++) {
                        row.add(arg.getInt(y, x));
                    }
                }
                ArrayNode scores = r.putArray("scores");   // [class][row][column]
                for (int c = 0; c < map.size(0); c++) {
                    ArrayNode plane = scores.addArray();
                    for (int y = 0; y < h; y++) {
                        ArrayNode row = plane.addArray();
                        for (int x = 0; x < w; x++) {
                            row.add(map.getDouble(c, y, x));
                        }
                    }
                }
                continue;
            }
            out.println(image + ": " + h + "x" + w + " map of " + labels.size() + " classes, argmax class per cell:");
            TreeSet<Integer> seen = new TreeSet<>();
            for (int y = 0; y < h; y++) {
                StringBuilder row = new StringBuilder("  ");
                for (int x = 0; x < w; x++) {
                    seen.add(arg.getInt(y, x));
                    row.append(String.format(Locale.ROOT, "%5d", arg.getInt(y, x)));
                }
                out.println(row);
            }
            seen.forEach(c -> out.printf(Locale.ROOT, "  %5d  %s%n", c, labels.get(c)));
        }
        if (json) {
            labels.forEach(o.putArray("labels")::add);
            JsonOutput.print(out, o);
        }
    }
}
