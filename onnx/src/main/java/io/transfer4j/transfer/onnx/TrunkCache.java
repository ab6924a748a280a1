package io.transfer4j.transfer.onnx;

import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import io.transfer4j.dsl.Shape;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Exported trunks cached on disk, keyed by a hash of what determines their output: the configuration
 * and weights of every vertex up to the output, the output name and the input shapes. A fine-tune
 * exports its frozen trunk once; later runs reuse the file. Whole models (up to a network output) are
 * cached the same way as {@code model-<hash>.onnx}.
 */
final class TrunkCache {
    private TrunkCache() {
    }

    static Path export(ComputationGraph graph, List<Shape> inputShapes, String output, Path cacheDir) {
        String key = key(graph, inputShapes, output);
        boolean whole = graph.getConfiguration().getNetworkOutputs().contains(output);
        Path file = cacheDir.resolve((whole ? "model-" : "trunk-") + key + ".onnx");
        if (Files.isRegularFile(file)) {
            return file;
        }
        var model = OnnxExport.toModel(graph, inputShapes, List.of(output));
        return OnnxExport.write(model, file);
    }

    static String key(ComputationGraph graph, List<Shape> inputShapes, String output) {
        var conf = graph.getConfiguration();
        Set<String> needed = new TreeSet<>(OnnxExport.ancestors(conf, List.of(output)));
        Hasher h = Hashing.sha256().newHasher();
        h.putString(output + "|" + inputShapes, StandardCharsets.UTF_8);
        for (String v : needed) {
            h.putString(v, StandardCharsets.UTF_8);
            var vertex = conf.getVertices().get(v);
            if (vertex != null) {
                h.putString(vertex.toString(), StandardCharsets.UTF_8);
            }
            Layer layer = conf.getVertices().containsKey(v) ? graph.getLayer(v) : null;
            if (layer != null && layer.numParams() > 0) {
                INDArray p = layer.params().castTo(DataType.FLOAT).dup('c');
                // the buffer's memory in bulk: asBytes() copies element by element (seconds for a ResNet50)
                h.putBytes(p.data().asNio().order(ByteOrder.LITTLE_ENDIAN).limit((int) p.length() * 4));
            }
        }
        return h.hash().toString().substring(0, 16);
    }
}
