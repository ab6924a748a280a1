package io.transfer4j.transfer;

import java.util.function.UnaryOperator;
import java.util.stream.LongStream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.indexing.SpecifiedIndex;

/**
 * Test-time augmentation by horizontal flip: the class probabilities of an image and of its mirror image,
 * averaged (what fastai's and Keras users' {@code tta} does in its simplest, cheapest form).
 */
final class FlipTta {
    private FlipTta() {
    }

    /** {@code [n, c, h, w]} mirrored left-right. */
    static INDArray flip(INDArray nchw) {
        long w = nchw.size(3);
        long[] reversed = LongStream.range(0, w).map(i -> w - 1 - i).toArray();
        return nchw.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all(), new SpecifiedIndex(reversed)).dup();
    }

    /** Probabilities for already preprocessed input, flip-averaged when {@code tta}. */
    static INDArray probabilities(ComputationGraph graph, INDArray input, boolean tta) {
        return probabilities(x -> graph.outputSingle(false, x), input, tta);
    }

    /** The same with any forward pass (e.g. an ONNX Runtime engine). */
    static INDArray probabilities(UnaryOperator<INDArray> forward, INDArray input, boolean tta) {
        INDArray p = forward.apply(input).dup();
        if (tta && input.rank() == 4) {
            p.addi(forward.apply(flip(input))).divi(2);
        }
        return p;
    }
}
