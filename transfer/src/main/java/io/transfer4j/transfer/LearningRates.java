package io.transfer4j.transfer;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.nd4j.linalg.learning.config.IUpdater;
import io.transfer4j.transfer.train.ScaledSchedule;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * Discriminative learning rates: each trainable layer's optimizer is its base optimizer with the learning
 * rate (or, when the base has a schedule, the whole schedule) multiplied by the layer's multiplier.
 * Bases are remembered per layer so that changing a multiplier never compounds an earlier one.
 */
final class LearningRates {
    private LearningRates() {
    }

    /** {@code base} with its learning rate, or its schedule, scaled by {@code m}. */
    static IUpdater scaled(IUpdater base, double m, String layer) {
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

    /**
     * Sets every listed layer's updater (and bias updater) to its base scaled by its multiplier (1 if none).
     * {@code bases} holds, per layer, the optimizer before any multiplier; layers missing there are
     * recorded from the configuration first. {@code applied} remembers what was set last (updater and
     * multiplier): when a layer's optimizer was changed since by someone else (a Trainer sets its own on
     * the trainable layers, keeping the multipliers), that optimizer, unscaled, becomes the new base, and
     * the layers that shared the old base (frozen ones, to be unfrozen later) follow it too.
     */
    static void apply(ComputationGraphConfiguration conf, List<String> layers, Map<String, IUpdater[]> bases,
                      Map<String, Double> multipliers, Map<String, Applied> applied) {
        Map<IUpdater, IUpdater> replaced = new java.util.HashMap<>();
        Set<String> rebased = new java.util.HashSet<>();
        for (String n : layers) {
            Applied last = applied.get(n);
            if (GraphSurgery.unwrap(GraphSurgery.layerConf(conf, n)) instanceof BaseLayer bl && last != null
                    && bl.getIUpdater() != null && !bl.getIUpdater().equals(last.updater())
                    && !GraphSurgery.isFreezeMarker(bl.getIUpdater())) {
                IUpdater[] before = bases.get(n);
                IUpdater[] now = {unscaled(bl.getIUpdater(), last.multiplier()), unscaled(bl.getBiasUpdater(), last.multiplier())};
                if (before != null && before[0] != null) {
                    replaced.putIfAbsent(before[0], now[0]);
                }
                bases.put(n, now);
                rebased.add(n);
            }
        }
        for (String n : layers) {
            IUpdater[] base = bases.get(n);
            if (!rebased.contains(n) && base != null && base[0] != null && replaced.containsKey(base[0])) {
                bases.put(n, new IUpdater[] {replaced.get(base[0]).clone(), null});
            }
        }
        for (String n : layers) {
            if (!(GraphSurgery.unwrap(GraphSurgery.layerConf(conf, n)) instanceof BaseLayer bl)) {
                continue;
            }
            IUpdater[] base = bases.computeIfAbsent(n, k -> new IUpdater[] {clone(bl.getIUpdater()), clone(bl.getBiasUpdater())});
            double m = multipliers.getOrDefault(n, 1.0);
            if (base[0] != null) {
                bl.setIUpdater(scaled(base[0], m, n));
            }
            bl.setBiasUpdater(base[1] != null ? scaled(base[1], m, n) : null);
            applied.put(n, new Applied(clone(bl.getIUpdater()), m));
        }
    }

    /** What {@link #apply} last set on a layer. */
    record Applied(IUpdater updater, double multiplier) {
    }

    /**
     * Records the base optimizers of a loaded graph whose layers already carry their multipliers:
     * base = scaled / multiplier (a scaled schedule gives back its inner schedule).
     */
    static void recordBases(ComputationGraphConfiguration conf, Map<String, IUpdater[]> bases, Map<String, Double> multipliers) {
        for (String n : GraphSurgery.paramLayers(conf)) {
            if (GraphSurgery.unwrap(GraphSurgery.layerConf(conf, n)) instanceof BaseLayer bl) {
                double m = multipliers.getOrDefault(n, 1.0);
                bases.put(n, new IUpdater[] {unscaled(bl.getIUpdater(), m), unscaled(bl.getBiasUpdater(), m)});
            }
        }
    }

    private static IUpdater unscaled(IUpdater u, double m) {
        if (u == null || m == 1.0 || !u.hasLearningRate()) {
            return clone(u);
        }
        IUpdater b = u.clone();
        ISchedule s = schedule(b);
        if (s instanceof ScaledSchedule ss) {
            b.setLrAndSchedule(ss.getBase().valueAt(0, 0), ss.getBase());
        } else {
            b.setLrAndSchedule(b.getLearningRate(0, 0) / m, null);
        }
        return b;
    }

    private static IUpdater clone(IUpdater u) {
        return u == null ? null : u.clone();
    }

    /** The learning-rate schedule of an updater, if it has one (every ND4J updater names it the same way). */
    static ISchedule schedule(IUpdater u) {
        try {
            Method m = u.getClass().getMethod("getLearningRateSchedule");
            return (ISchedule) m.invoke(u);
        } catch (NoSuchMethodException e) {
            return null;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read the schedule of " + u, e);
        }
    }

    /** A layer's learning rate at an iteration and epoch as its optimizer has it now; 0 without one. */
    static double current(ComputationGraphConfiguration conf, String layer, int iteration, int epoch) {
        if (GraphSurgery.unwrap(GraphSurgery.layerConf(conf, layer)) instanceof BaseLayer bl && bl.getIUpdater() != null
                && bl.getIUpdater().hasLearningRate()) {
            return bl.getIUpdater().getLearningRate(iteration, epoch);
        }
        return 0;
    }

    /** See {@link TransferModel#setLearningRate(double)}: in place, optimizer state kept. */
    static void setLive(ComputationGraph graph, double lr, Set<String> fixed, List<String> trainable,
                        Map<String, Double> multipliers, Map<String, IUpdater[]> bases) {
        // Each updater block runs one GradientUpdater that reads its IUpdater config at every step, and
        // layers with different rates sit in different blocks: changing the config changes the rate.
        for (org.deeplearning4j.nn.updater.UpdaterBlock block : graph.getUpdater(true).getUpdaterBlocks()) {
            String layer = block.getLayersAndVariablesInBlock().get(0).getLayer().getConfig().getLayerName();
            IUpdater cfg = block.getGradientUpdater().getConfig();
            if (!fixed.contains(layer) && cfg.hasLearningRate()) {
                cfg.setLrAndSchedule(lr * multipliers.getOrDefault(layer, 1.0), null);
            }
        }
        ComputationGraphConfiguration c = graph.getConfiguration();
        for (String n : trainable) {
            if (GraphSurgery.unwrap(GraphSurgery.layerConf(c, n)) instanceof org.deeplearning4j.nn.conf.layers.BaseLayer bl) {
                double m = multipliers.getOrDefault(n, 1.0);
                for (IUpdater u : new IUpdater[] {bl.getIUpdater(), bl.getBiasUpdater()}) {
                    if (u != null && u.hasLearningRate()) {
                        u.setLrAndSchedule(lr * m, null);
                    }
                }
            }
            IUpdater[] base = bases.get(n);
            for (int i = 0; base != null && i < 2; i++) {
                if (base[i] != null && base[i].hasLearningRate()) {
                    base[i].setLrAndSchedule(lr, null);
                }
            }
        }
    }
}
