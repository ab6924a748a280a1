package io.transfer4j.transfer.train;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Graphs a {@link io.transfer4j.transfer.TransferModel} has replaced (every surgery call builds a new graph):
 * training one of them would change nothing in the model, so the {@link Trainer} refuses them at once with the
 * call that replaced them, instead of silently training a stale copy. Weak keys: a retired graph nobody holds
 * is forgotten with it.
 *
 * <pre>{@code
 * Trainer t = new Trainer(model.graph(), config);
 * model.unfreezeFrom("block5_conv1");
 * t.fit(train, val);   // IllegalStateException: ... replaced by unfreeze ...; use model.graph() again, or a Learner
 * }</pre>
 */
public final class ReplacedGraphs {
    private static final Map<ComputationGraph, String> RETIRED = Collections.synchronizedMap(new WeakHashMap<>());

    private ReplacedGraphs() {
    }

    /** Records that {@code old} was replaced by the model's {@code call} (e.g. "unfreeze"). */
    public static void retire(ComputationGraph old, String modelName, String call) {
        if (old != null) {
            RETIRED.put(old, "model '" + modelName + "' replaced this graph when " + call + " was called");
        }
    }

    /** Throws when {@code graph} was replaced, naming the call; {@code who} says who wanted to use it. */
    public static void requireCurrent(ComputationGraph graph, String who) {
        String why = RETIRED.get(graph);
        if (why != null) {
            throw new IllegalStateException(who + " was given a stale graph: " + why + ", so training it would leave the model "
                    + "unchanged; take model.graph() again after every surgery call, or train through a Learner");
        }
    }
}
