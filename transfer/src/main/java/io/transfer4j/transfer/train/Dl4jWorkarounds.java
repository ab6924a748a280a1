package io.transfer4j.transfer.train;

import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.layers.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Known DL4J 1.0.0-M2.1 defects the trainer steps around, each measured here.
 *
 * <p>A {@code FrozenLayerWithBackprop} around a {@code BatchNormalization} (a frozen BN, as model surgery
 * makes it) crashes the first few training steps with "Op [pow] X argument uses outdated workspace
 * pointer from workspace [WS_LAYER_WORKING_MEM]": the frozen BN runs its forward pass in inference mode but
 * its backward pass reads arrays from a workspace that has since been closed. Training without workspaces
 * avoids it (same numbers, somewhat more allocation). Feature caching avoids it too, since the trunk is
 * never back-propagated.
 *
 * <p>{@code output(List<String> layers, ...)} (the activations of inner layers) fails on graphs with frozen
 * layers: "Workspace WS_LAYER_ACT_0 for array type INPUT is not open" with a frozen batch norm, "Expected
 * no workspace active at the end of outputOfLayerDetached" with a frozen dense layer, while plain
 * {@code output} works. The feature cache therefore computes without inference workspaces.
 */
final class Dl4jWorkarounds {
    private static final Logger LOG = LoggerFactory.getLogger(Dl4jWorkarounds.class);

    private Dl4jWorkarounds() {
    }

    /** Switches training workspaces off if the graph has a frozen batch norm; returns the previous mode. */
    static WorkspaceMode beforeTraining(ComputationGraph graph) {
        WorkspaceMode before = graph.getConfiguration().getTrainingWorkspaceMode();
        if (before != WorkspaceMode.NONE && hasFrozenBatchNorm(graph)) {
            LOG.info("frozen batch norm found: training without ND4J workspaces (DL4J M2.1 crashes back-propagating "
                    + "through a frozen batch norm with them)");
            graph.getConfiguration().setTrainingWorkspaceMode(WorkspaceMode.NONE);
        }
        return before;
    }

    static void afterTraining(ComputationGraph graph, WorkspaceMode before) {
        graph.getConfiguration().setTrainingWorkspaceMode(before);
    }

    /** Switches inference workspaces off (for {@code output(layers, ...)}); returns the previous mode. */
    static WorkspaceMode beforeInference(ComputationGraph graph) {
        WorkspaceMode before = graph.getConfiguration().getInferenceWorkspaceMode();
        if (before != WorkspaceMode.NONE) {
            graph.getConfiguration().setInferenceWorkspaceMode(WorkspaceMode.NONE);
        }
        return before;
    }

    static void afterInference(ComputationGraph graph, WorkspaceMode before) {
        graph.getConfiguration().setInferenceWorkspaceMode(before);
    }

    static boolean hasFrozenBatchNorm(ComputationGraph graph) {
        for (GraphVertex v : graph.getVertices()) {
            if (v.hasLayer() && v.getLayer() instanceof FrozenLayerWithBackprop f
                    && f.getInsideLayer() instanceof BatchNormalization) {
                return true;
            }
        }
        return false;
    }
}
