package io.transfer4j.transfer;

import io.transfer4j.dsl.Network;
import io.transfer4j.dsl.Shape;
import io.transfer4j.transfer.onnx.OnnxImport;
import io.transfer4j.zoo.ModelInfo;
import io.transfer4j.zoo.Preprocessing;
import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;

/**
 * An ONNX file as a {@link TransferModel} that behaves like a zoo model: {@link OnnxImport}'s network plus the metadata a
 * zoo model has — its classifier (the dense layer at the output, through a final softmax), the feature layer the
 * classifier reads (where {@code newHead} cuts) and the preprocessing its images need — all saved in the model file.
 */
final class OnnxModelImport {
    private OnnxModelImport() {
    }

    static TransferModel load(Path file, Shape inputShape, Preprocessing preprocessing) {
        Network net = OnnxImport.importNetwork(file, inputShape);
        Shape in = net.inputShapes().get(0);
        Preprocessing p = preprocessing;
        if (p != null && in.image()) {
            if (p.channels() != in.channels()) {
                throw new IllegalArgumentException("the preprocessing has " + p.channels() + " channels but " + file + " takes "
                        + in.channels() + "-channel input " + in);
            }
            p = p.withSize(in.height(), in.width());
        }
        ComputationGraphConfiguration conf = net.graph().getConfiguration();
        String out = conf.getNetworkOutputs().get(0);
        if (layer(conf, out) instanceof ActivationLayer && conf.getVertexInputs().get(out).size() == 1) {
            out = conf.getVertexInputs().get(out).get(0);   // a final softmax
        }
        String classifier = null;
        String feature = null;
        int width = 0;
        Layer l = layer(conf, out);
        List<String> inputs = conf.getVertexInputs().get(out);
        if ((l instanceof DenseLayer || l instanceof BaseOutputLayer) && inputs.size() == 1 && !conf.getNetworkInputs().contains(inputs.get(0))) {
            classifier = out;
            feature = inputs.get(0);
            Shape f = net.shapeOf(feature);
            width = f.image() ? f.channels() : f.size();
        }
        Shape output = net.outputShape();
        ModelInfo info = new ModelInfo(net.name(), in, output.image() ? output.channels() : output.size(), classifier, feature, width, p);
        return TransferModel.from(net, info);
    }

    private static Layer layer(ComputationGraphConfiguration conf, String name) {
        return GraphSurgery.layerConf(conf, name);
    }
}
