package io.transfer4j.transfer.onnx;

import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/** DL4J's own forward pass, stopping at the requested vertex. */
final class Dl4jEngine implements Engine {
    private final ComputationGraph graph;
    private final String output;

    Dl4jEngine(ComputationGraph graph, String output) {
        this.graph = graph;
        this.output = output;
    }

    @Override
    public INDArray output(INDArray input) {
        if (graph.getConfiguration().getNetworkOutputs().contains(output)) {
            return graph.outputSingle(false, input);
        }
        // Only the vertices the output depends on run; detach so the workspace can be reused.
        return graph.output(List.of(output), false, new INDArray[] {input}, null)[0].detach();
    }

    @Override
    public Kind kind() {
        return Kind.DL4J;
    }

    @Override
    public void close() {
    }
}
