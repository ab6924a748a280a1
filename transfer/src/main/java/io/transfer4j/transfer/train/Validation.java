package io.transfer4j.transfer.train;

import java.util.Iterator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.impl.LayerVertex;
import org.deeplearning4j.nn.layers.BaseOutputLayer;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Validation loss and accuracy in one inference pass (cross-entropy from the softmax output when it is one; for a
 * multi-label output the accuracy is per label, see {@link MultiLabelOutput}).
 */
final class Validation {
    private Validation() {
    }

    /**
     * Mean loss and accuracy over {@code batches}, each run in forward passes of at most {@code maxBatch}
     * examples (a forward pass's memory grows with its batch: a big network validates at its training
     * micro-batch size).
     */
    static double[] lossAndAccuracy(ComputationGraph net, Batches batches, int maxBatch) {
        boolean softmaxXent = isSoftmaxCrossEntropy(net);
        boolean multiLabel = MultiLabelOutput.isMultiLabel(net);
        long decisions = 0;
        double lossSum = 0;
        long correct = 0;
        long n = 0;
        for (Iterator<DataSet> it = batches.epoch(0); it.hasNext(); ) {
            DataSet whole = it.next();
            for (int from = 0; from < whole.numExamples(); from += maxBatch) {
                org.nd4j.linalg.dataset.api.DataSet ds = whole.numExamples() <= maxBatch ? whole
                        : whole.getRange(from, Math.min(whole.numExamples(), from + maxBatch));
                INDArray out = net.output(false, ds.getFeatures())[0];
                INDArray y = ds.getLabels();
                int b = ds.numExamples();
                if (softmaxXent) {
                    INDArray logp = Transforms.log(Transforms.max(out.castTo(DataType.DOUBLE), 1e-12, false), false);
                    lossSum += -logp.mul(y.castTo(DataType.DOUBLE)).sumNumber().doubleValue();
                } else {
                    lossSum += net.score(ds, false) * b;
                }
                if (multiLabel) {
                    correct += MultiLabelOutput.correctDecisions(out, y, 0.5);
                    decisions += y.length();
                } else {
                    correct += out.argMax(1).eq(y.argMax(1)).castTo(DataType.INT).sumNumber().longValue();
                }
                n += b;
            }
        }
        return n == 0 ? new double[] {Double.NaN, Double.NaN} : new double[] {lossSum / n, (double) correct / (multiLabel ? decisions : n)};
    }

    private static boolean isSoftmaxCrossEntropy(ComputationGraph net) {
        if (net.getConfiguration().getNetworkOutputs().size() != 1) {
            return false;
        }
        var v = net.getVertex(net.getConfiguration().getNetworkOutputs().get(0));
        if (v instanceof LayerVertex lv && lv.getLayer() instanceof BaseOutputLayer<?> ol) {
            var conf = (org.deeplearning4j.nn.conf.layers.BaseOutputLayer) ol.conf().getLayer();
            return conf.getLossFn() instanceof LossMCXENT mc && mc.getWeights() == null
                    && conf.getActivationFn() instanceof ActivationSoftmax;
        }
        return false;
    }
}
