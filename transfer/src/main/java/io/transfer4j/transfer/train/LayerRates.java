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
 * The optimizer and learning rate of each trainable layer. A layer's multiplier is its rate divided by the
 * highest rate in the model, so replacing the optimizer or adding a schedule keeps discriminative learning
 * rates (layer groups with their own multiplier) in proportion.
 */
final class LayerRates {
    private LayerRates() {
    }

    /** Trainable layers (not frozen, with parameters) and their updater configurations, in graph order. */
    static Map<String, BaseLayer> trainable(ComputationGraph graph) {
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
    static Map<String, Double> multipliers(ComputationGraph graph) {
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
            ISchedule s = scheduleOf(u);
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
    static double current(ComputationGraph graph) {
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

    private static ISchedule scheduleOf(IUpdater u) {
        try {
            var m = u.getClass().getMethod("getLearningRateSchedule");
            return m.invoke(u) instanceof ISchedule s ? s : null;
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }
}
