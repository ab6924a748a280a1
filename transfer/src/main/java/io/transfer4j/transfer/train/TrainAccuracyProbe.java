package io.transfer4j.transfer.train;

import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.impl.LayerVertex;
import org.deeplearning4j.nn.layers.BaseOutputLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Training accuracy without a second forward pass: DL4J hands listeners the activations of the training
 * forward pass (everything except the output layer), and for a dense output layer the predicted class is
 * {@code argmax(x·W + b)} of its input — one small matrix product. Counts correct predictions of the batch
 * whose labels were announced with {@link #expect} (per label for a multi-label output, {@link MultiLabelOutput}); with micro-batches (one forward pass per part of the
 * batch, in order) each pass consumes the next rows of those labels. Stays silent (accuracy NaN) for other
 * output layers.
 */
final class TrainAccuracyProbe extends BaseTrainingListener {
    private INDArray labels;
    private long offset;   // rows of labels already matched by earlier micro-batches of this batch
    private long correct;
    private long seen;

    void expect(INDArray batchLabels) {
        this.labels = batchLabels;
        this.offset = 0;
    }

    void reset() {
        correct = 0;
        seen = 0;
    }

    double accuracy() {
        return seen == 0 ? Double.NaN : (double) correct / seen;
    }

    @Override
    public void onForwardPass(Model model, Map<String, INDArray> activations) {
        if (labels == null || !(model instanceof ComputationGraph graph)) {
            return;
        }
        String out = graph.getConfiguration().getNetworkOutputs().get(0);
        var vertex = graph.getVertex(out);
        var inputs = graph.getConfiguration().getVertexInputs().get(out);
        if (inputs == null || inputs.size() != 1 || !(vertex instanceof LayerVertex lv)
                || !(lv.getLayer() instanceof BaseOutputLayer<?> layer) || labels.rank() != 2) {
            return;
        }
        INDArray x = activations.get(inputs.get(0));
        if (x == null) {
            return;
        }
        if (lv.getLayerPreProcessor() != null) {
            x = lv.getLayerPreProcessor().preProcess(x, (int) x.size(0), LayerWorkspaceMgr.noWorkspaces());
        }
        INDArray w = layer.getParam("W");
        INDArray b = layer.getParam("b");
        if (w == null || x.rank() != 2 || x.size(1) != w.size(0)) {
            return;
        }
        INDArray z = x.castTo(w.dataType()).mmul(w);
        if (b != null) {
            z.addiRowVector(b);
        }
        long n = x.size(0);
        if (offset + n > labels.size(0)) {
            return;
        }
        INDArray part = n == labels.size(0) ? labels : labels.get(NDArrayIndex.interval(offset, offset + n));
        offset += n;
        if (MultiLabelOutput.isMultiLabel(lv.getLayer().conf().getLayer())) {
            correct += MultiLabelOutput.correctDecisions(z, part, 0);   // sigmoid(z) > 0.5 exactly when z > 0
            seen += part.length();
            return;
        }
        INDArray predicted = z.argMax(1);
        INDArray actual = part.argMax(1);
        correct += predicted.eq(actual).castTo(org.nd4j.linalg.api.buffer.DataType.INT).sumNumber().longValue();
        seen += n;
    }
}
