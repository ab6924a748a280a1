package io.transfer4j.transfer.train;

import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.layers.FrozenLayer;
import org.deeplearning4j.nn.layers.FrozenLayerWithBackprop;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * The one place that reads and rewrites per-layer learning rates in a graph's optimizers (a lower-level API:
 * {@link io.transfer4j.transfer.TransferModel#lrGroups} and {@code lrMultiplier} set the multipliers a model
 * asks for; this class is how they reach the updaters). A layer's multiplier is its rate divided by the
 * highest rate in the model, so replacing the optimizer or adding a schedule keeps discriminative learning
 * rates (layer groups with their own multiplier) in proportion.
 *
 * <pre>{@code
 * Map<String, Double> m = LayerRates.multipliers(graph);   // {block1_conv1=0.01, ..., predictions=1.0}
 * double lr = LayerRates.current(graph);                   // highest rate at the graph's iteration and epoch
 * }</pre>
 */
public final class LayerRates {
    private LayerRates() {
    }

    /** Trainable layers (not frozen, with parameters) and their updater configurations, in graph order. */
    public static Map<String, BaseLayer> trainable(ComputationGraph graph) {
        Map<String, BaseLayer> out = new LinkedHashMap<>();
        for (String name : GraphSplit.topological(graph)) {
            GraphVertex v = graph.getVertex(name);
            if (!v.hasLayer()) {
                continue;
            }
            Layer l = v.getLayer();
            if (l instanceof FrozenLayer || l instanceof FrozenLayerWithBackprop || l.numParams() == 0) {
                continue;
            }
            if (l.conf().getLayer() instanceof BaseLayer bl && bl.getIUpdater() != null) {
                out.put(name, bl);
            }
        }
        return out;
    }

    /** Multiplier of every trainable layer relative to the fastest one (1 when all share a rate). */
    public static Map<String, Double> multipliers(ComputationGraph graph) {
        Map<String, BaseLayer> layers = trainable(graph);
        Map<String, Double> base = new LinkedHashMap<>();
        double max = 0;
        for (Map.Entry<String, BaseLayer> e : layers.entrySet()) {
            IUpdater u = e.getValue().getIUpdater();
            double lr = u.hasLearningRate() ? u.getLearningRate(0, 0) : Double.NaN;
            base.put(e.getKey(), lr);
            if (lr > max) {
                max = lr;
            }
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (Map.Entry<String, Double> e : base.entrySet()) {
            IUpdater u = layers.get(e.getKey()).getIUpdater();
            ISchedule s = schedule(u);
            if (s instanceof ScaledSchedule ss) {
                out.put(e.getKey(), ss.getFactor());
            } else {
                out.put(e.getKey(), max > 0 && !Double.isNaN(e.getValue()) ? e.getValue() / max : 1.0);
            }
        }
        return out;
    }

    /** Gives every trainable layer a copy of {@code optimizer} at its multiplier; the optimizer state restarts. */
    static void replaceOptimizer(ComputationGraph graph, IUpdater optimizer) {
        Map<String, Double> mult = multipliers(graph);
        for (Map.Entry<String, BaseLayer> e : trainable(graph).entrySet()) {
            IUpdater u = optimizer.clone();
            if (u.hasLearningRate()) {
                u.setLrAndSchedule(optimizer.getLearningRate(0, 0) * mult.get(e.getKey()), null);
            }
            e.getValue().setIUpdater(u);
            e.getValue().setBiasUpdater(null);
        }
        graph.setUpdater(null);
        graph.getUpdater(true);
    }

    /**
     * Drives every trainable layer with {@code schedule} times its multiplier; the optimizer state is kept.
     * The updater configurations are changed in place (DL4J's updaters read them at every step): DL4J's own
     * {@code setLearningRate(layer, schedule)} rebuilds the updater state and fails on graphs with frozen layers.
     */
    static void applySchedule(ComputationGraph graph, ISchedule schedule) {
        Map<String, Double> mult = multipliers(graph);
        for (Map.Entry<String, BaseLayer> e : trainable(graph).entrySet()) {
            ScaledSchedule s = new ScaledSchedule(schedule.clone(), mult.get(e.getKey()));
            setSchedule(e.getValue().getIUpdater(), s);
            if (e.getValue().getBiasUpdater() != null) {
                setSchedule(e.getValue().getBiasUpdater(), s);
            }
        }
    }

    private static void setSchedule(IUpdater u, ISchedule s) {
        if (u.hasLearningRate()) {
            u.setLrAndSchedule(Double.NaN, s);
        }
    }

    /** The highest learning rate among trainable layers at the graph's current iteration and epoch. */
    public static double current(ComputationGraph graph) {
        int it = graph.getConfiguration().getIterationCount();
        int ep = graph.getConfiguration().getEpochCount();
        double max = Double.NaN;
        for (BaseLayer bl : trainable(graph).values()) {
            IUpdater u = bl.getIUpdater();
            if (u.hasLearningRate()) {
                double lr = u.getLearningRate(it, ep);
                if (Double.isNaN(max) || lr > max) {
                    max = lr;
                }
            }
        }
        return max;
    }

    /** {@code base} with its learning rate, or its whole schedule, scaled by {@code m}; {@code layer} names it in errors. */
    public static IUpdater scaled(IUpdater base, double m, String layer) {
        IUpdater u = base.clone();
        if (m == 1.0) {
            return u;
        }
        if (!u.hasLearningRate()) {
            throw new IllegalArgumentException("layer '" + layer + "' uses " + u.getClass().getSimpleName()
                    + ", which has no learning rate to multiply; give it an optimizer with one (Adam, SGD, ...)");
        }
        ISchedule s = schedule(u);
        if (s != null) {
            ISchedule inner = s instanceof ScaledSchedule ss ? ss.getBase() : s;
            // The plain rate is unused while a schedule is set; keep it finite so the JSON stays standard.
            u.setLrAndSchedule(inner.valueAt(0, 0) * m, new ScaledSchedule(inner, m));
        } else {
            u.setLrAndSchedule(u.getLearningRate(0, 0) * m, null);
        }
        return u;
    }

    /** The learning-rate schedule of an updater, or null (every ND4J updater names its getter the same way). */
    public static ISchedule schedule(IUpdater u) {
        try {
            return u.getClass().getMethod("getLearningRateSchedule").invoke(u) instanceof ISchedule s ? s : null;
        } catch (NoSuchMethodException e) {
            return null;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read the schedule of " + u, e);
        }
    }
}
