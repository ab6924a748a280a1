package io.transfer4j.transfer.onnx;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import onnx.Onnx;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Evaluates at import time the small integer computations exporters write to make a Reshape's target shape, e.g.
 * PyTorch's {@code x.view(x.size(0), -1)}: Shape → Gather → Unsqueeze → Concat. The batch size is not known then; it
 * is written as 0, which Reshape reads as "keep this dimension" — exactly what the batch axis needs. Also an
 * Identity of a constant (PyTorch writes one where two modules share a weight).
 */
final class OnnxShapeFolding {
    static final List<String> OPS = List.of("Shape", "Gather", "Unsqueeze", "Squeeze", "Concat", "Cast", "Slice", "Identity");

    private OnnxShapeFolding() {
    }

    /**
     * The node's value when it can be computed now (null otherwise): Shape of a layer's output ({@code shapeOf} gives
     * its ONNX dimensions without the batch), or one of the other ops on constants only.
     */
    static INDArray fold(Onnx.NodeProto node, Map<String, INDArray> constants, Function<String, long[]> shapeOf) {
        String op = node.getOpType();
        if (!OPS.contains(op)) {
            return null;
        }
        if (op.equals("Shape")) {
            long[] dims = constants.containsKey(node.getInput(0)) ? constants.get(node.getInput(0)).shape() : withBatch(shapeOf.apply(node.getInput(0)));
            return dims == null ? null : Nd4j.createFromArray(dims);
        }
        INDArray[] in = new INDArray[node.getInputCount()];
        for (int i = 0; i < in.length; i++) {
            if (!node.getInput(i).isEmpty() && (in[i] = constants.get(node.getInput(i))) == null) {
                return null;
            }
        }
        if (op.equals("Identity") || op.equals("Cast")) {
            return in[0];
        }
        if (in[0].rank() > 1) {
            return null;
        }
        long[] x = in[0].toLongVector();
        return switch (op) {
            case "Gather" -> {
                if (OnnxProtos.intAttr(node, "axis", 0) != 0 || in[1].rank() > 1) {
                    yield null;
                }
                long[] idx = in[1].toLongVector();
                long[] v = Arrays.stream(idx).map(i -> x[(int) (i < 0 ? i + x.length : i)]).toArray();
                yield in[1].rank() == 0 ? Nd4j.scalar(v[0]) : Nd4j.createFromArray(v);
            }
            case "Unsqueeze", "Squeeze" -> in[0].rank() <= 1 ? Nd4j.createFromArray(x) : null;   // a scalar index becomes a 1-vector
            case "Concat" -> Nd4j.createFromArray(Arrays.stream(in).flatMapToLong(a -> Arrays.stream(a.toLongVector())).toArray());
            case "Slice" -> {
                int start = (int) in[1].getLong(0);
                int end = (int) Math.min(in[2].getLong(0), x.length);
                yield Nd4j.createFromArray(Arrays.copyOfRange(x, start < 0 ? start + x.length : start, end < 0 ? end + x.length : end));
            }
            default -> null;
        };
    }

    private static long[] withBatch(long[] dims) {
        if (dims == null) {
            return null;
        }
        long[] all = new long[dims.length + 1];
        System.arraycopy(dims, 0, all, 1, dims.length);   // all[0] = 0: the batch, "keep" for Reshape
        return all;
    }
}
