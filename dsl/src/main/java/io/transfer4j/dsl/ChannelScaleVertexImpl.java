package io.transfer4j.dsl;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.BaseGraphVertex;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The forward and backward pass of {@link ChannelScaleVertex}: {@code y = x · g} with {@code g} broadcast over
 * height and width; {@code dx = dy · g}, {@code dg = Σ_hw dy · x} (in the gate's own shape).
 */
final class ChannelScaleVertexImpl extends BaseGraphVertex {
    ChannelScaleVertexImpl(ComputationGraph graph, String name, int index, DataType dataType) {
        super(graph, name, index, null, null, dataType);
    }

    @Override
    public boolean hasLayer() {
        return false;
    }

    @Override
    public Layer getLayer() {
        return null;
    }

    /** The gate as {@code [n, c, 1, 1]}, whichever shape it arrives in. */
    private INDArray gate4d() {
        INDArray g = inputs[1];
        return g.rank() == 4 ? g : g.reshape(g.size(0), g.size(1), 1, 1);
    }

    @Override
    public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (!canDoForward()) {
            throw new IllegalStateException("cannot do forward pass of vertex '" + vertexName + "': inputs not set");
        }
        INDArray x = inputs[0];
        INDArray g = gate4d();
        if (x.rank() != 4 || g.size(0) != x.size(0) || g.size(1) != x.size(1)) {
            throw new IllegalStateException("vertex '" + vertexName + "' scales an image [n, c, h, w] by a gate [n, c], got "
                    + java.util.Arrays.toString(x.shape()) + " and " + java.util.Arrays.toString(inputs[1].shape()));
        }
        try (MemoryWorkspace ws = workspaceMgr.notifyScopeBorrowed(ArrayType.ACTIVATIONS)) {
            return x.mul(g);
        }
    }

    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
        if (!canDoBackward()) {
            throw new IllegalStateException("cannot do backward pass of vertex '" + vertexName + "': epsilon not set");
        }
        try (MemoryWorkspace ws = workspaceMgr.notifyScopeBorrowed(ArrayType.ACTIVATION_GRAD)) {
            INDArray dx = epsilon.mul(gate4d());
            INDArray dg = epsilon.mul(inputs[0]).sum(true, 2, 3).reshape(inputs[1].shape()).castTo(inputs[1].dataType());
            return new Pair<>(null, new INDArray[] {dx, dg});
        }
    }

    @Override
    public void setBackpropGradientsViewArray(INDArray backpropGradientsViewArray) {
        if (backpropGradientsViewArray != null) {
            throw new IllegalStateException("vertex '" + vertexName + "' has no parameters");
        }
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArrays(INDArray[] maskArrays, MaskState currentMaskState, int minibatchSize) {
        return new Pair<>(maskArrays == null || maskArrays.length == 0 ? null : maskArrays[0], currentMaskState);
    }

    @Override
    public String toString() {
        return "ChannelScaleVertex(name=" + vertexName + ")";
    }
}
