package io.transfer4j.transfer.train;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.GradientUpdater;

/**
 * Moves parameters and optimizer state between two graphs that share layer names (a full graph and its
 * head, see {@link GraphSplit}). Updater state is matched per (layer, parameter, state array) — Adam's
 * {@code M} and {@code V}, RMSprop's {@code G}, ... — so it does not depend on how DL4J groups parameters
 * into updater blocks in each graph.
 */
final class StateTransfer {
    private StateTransfer() {
    }

    static void copyParams(ComputationGraph from, ComputationGraph to, List<String> vertices) {
        for (String name : vertices) {
            var v = to.getVertex(name);
            if (v.hasLayer() && v.getLayer().numParams() > 0) {
                v.getLayer().params().assign(from.getLayer(name).params());
            }
        }
    }

    static void copyUpdaterState(ComputationGraph from, ComputationGraph to) {
        Map<String, INDArray> src = stateViews(from);
        Map<String, INDArray> dst = stateViews(to);
        for (Map.Entry<String, INDArray> e : dst.entrySet()) {
            INDArray s = src.get(e.getKey());
            if (s != null && s.length() == e.getValue().length()) {
                e.getValue().assign(s);
            }
        }
    }

    /** Views into the updater state, keyed {@code layer/param/stateName}. */
    static Map<String, INDArray> stateViews(ComputationGraph graph) {
        Map<String, INDArray> out = new HashMap<>();
        var updater = graph.getUpdater(true);
        if (updater == null) {
            return out;
        }
        for (UpdaterBlock block : updater.getUpdaterBlocks()) {
            GradientUpdater<?> gu = block.getGradientUpdater();
            if (gu == null) {
                block.init();
                gu = block.getGradientUpdater();
            }
            Map<String, INDArray> state;
            try {
                state = gu == null ? null : gu.getState();
            } catch (UnsupportedOperationException e) {
                state = null;
            }
            if (state == null || state.isEmpty()) {
                continue;
            }
            for (UpdaterBlock.ParamState ps : block.getLayersAndVariablesInBlock()) {
                String layer = ps.getLayer() instanceof org.deeplearning4j.nn.graph.vertex.GraphVertex gv ? gv.getVertexName()
                        : ((Layer) ps.getLayer()).conf().getLayer().getLayerName();
                long off = ps.getParamOffsetStart() - block.getParamOffsetStart();
                long len = ps.getParamOffsetEnd() - ps.getParamOffsetStart();
                for (Map.Entry<String, INDArray> st : state.entrySet()) {
                    INDArray flat = st.getValue().reshape(st.getValue().length());
                    out.put(layer + "/" + ps.getParamName() + "/" + st.getKey(), flat.get(NDArrayIndex.interval(off, off + len)));
                }
            }
        }
        return out;
    }
}
