package io.transfer4j.samples.bench;

import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Forward multiply-adds of a graph's convolution and dense layers, counted from one real forward pass. */
final class Flops {
    private Flops() {
    }

    /** GFLOP (2 per multiply-add) per image for an NCHW input of the given size. */
    static double forwardGflop(ComputationGraph g, int h, int w, int c) {
        Map<String, INDArray> acts = g.feedForward(Nd4j.rand(DataType.FLOAT, 1, c, h, w), false);
        double macs = 0;
        for (Layer l : g.getLayers()) {
            var conf = l.conf().getLayer();
            INDArray out = acts.get(conf.getLayerName());
            if (out == null) {
                continue;
            }
            if (conf instanceof ConvolutionLayer cl && conf.getClass() == ConvolutionLayer.class) {
                long[] k = {cl.getKernelSize()[0], cl.getKernelSize()[1]};
                macs += (double) out.length() * cl.getNIn() * k[0] * k[1];   // out = cout * oh * ow at batch 1
            } else if (conf instanceof DenseLayer d) {
                macs += (double) d.getNIn() * d.getNOut();
            } else if (conf instanceof OutputLayer o) {
                macs += (double) o.getNIn() * o.getNOut();
            }
        }
        return 2 * macs / 1e9;
    }
}
