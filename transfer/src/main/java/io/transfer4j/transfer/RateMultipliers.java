package io.transfer4j.transfer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import io.transfer4j.transfer.train.LayerRates;
import io.transfer4j.transfer.train.ScaledSchedule;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * A model's discriminative learning rates: the multiplier of each layer, the base optimizer each
 * multiplier applies to, and what was applied last; it writes them into a graph configuration (the updater
 * arithmetic itself is {@link LayerRates}'s, shared with the {@link io.transfer4j.transfer.train.Trainer}).
 */
final class RateMultipliers {
    private final Map<String, Double> multipliers = new LinkedHashMap<>();
    private final Map<String, IUpdater[]> bases = new LinkedHashMap<>();
    private final Map<String, Applied> applied = new LinkedHashMap<>();

    /** A copy to roll back to when a change is refused. */
    record Snapshot(Map<String, Double> multipliers, Map<String, IUpdater[]> bases) {
    }

    double get(String layer) {
        return multipliers.getOrDefault(layer, 1.0);
    }

    Map<String, Double> asMap() {
        return multipliers;
    }

    void set(Collection<String> layers, double m) {
        if (!(m > 0) || Double.isInfinite(m)) {
            throw new IllegalArgumentException("learning-rate multiplier must be > 0, got " + m);
        }
        layers.forEach(n -> multipliers.put(n, m));
    }

    /**
     * fastai's {@code slice(lo, hi)}: {@code names} split into groups starting at {@code starts} (plus the
     * first group), multipliers geometric from {@code lowest} (first group) to 1 (last); checked first.
     */
    void groups(List<String> names, Set<String> params, double lowest, String... starts) {
        if (!(lowest > 0) || Double.isInfinite(lowest)) {
            throw new IllegalArgumentException("lowest learning-rate multiplier must be > 0, got " + lowest);
        }
        int[] ends = new int[starts.length + 1];
        for (int g = 0; g < ends.length; g++) {
            ends[g] = g < starts.length ? names.indexOf(LayerSelector.require(starts[g], names)) : names.size();
            if (g > 0 && ends[g] < ends[g - 1]) {
                throw new IllegalArgumentException("group starts must follow the layer order; '" + starts[g] + "' comes too early");
            }
        }
        for (int g = 0, prev = 0; g < ends.length; prev = ends[g], g++) {
            double m = ends.length == 1 ? 1.0 : Math.pow(lowest, 1.0 - (double) g / (ends.length - 1));
            for (String n : names.subList(prev, ends[g])) {
                if (params.contains(n)) {
                    multipliers.put(n, m);
                }
            }
        }
    }

    /** Every layer's base optimizer becomes {@code updater}. */
    void optimizer(Collection<String> layers, IUpdater updater) {
        layers.forEach(n -> bases.put(n, new IUpdater[] {updater.clone(), null}));
    }

    /** The base optimizer of a layer, if known. */
    IUpdater base(String layer) {
        IUpdater[] b = bases.get(layer);
        return b == null || b[0] == null ? null : b[0].clone();
    }

    /** Forgets layers that no longer exist (after a new head). */
    void retain(Set<String> kept) {
        multipliers.keySet().retainAll(kept);
        bases.keySet().retainAll(kept);
        applied.keySet().retainAll(kept);
    }

    /** Writes every layer's scaled optimizer into {@code conf}. */
    void applyTo(ComputationGraphConfiguration conf) {
        apply(conf, GraphSurgery.paramLayers(conf), bases, multipliers, applied);
    }

    /** Takes the multipliers a saved model recorded; its graph's optimizers already carry them. */
    void load(ComputationGraphConfiguration conf, Map<String, Double> saved) {
        multipliers.putAll(saved);
        recordBases(conf, bases, multipliers);
    }

    void setLive(ComputationGraph graph, double lr, Set<String> fixed, List<String> trainable) {
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("learning rate must be >= 0 and finite, got " + lr);
        }
        setLive(graph, lr, fixed, trainable, multipliers, bases);
    }

    Snapshot snapshot() {
        return new Snapshot(Map.copyOf(multipliers), new LinkedHashMap<>(bases));
    }

    void restore(Snapshot s) {
        multipliers.clear();
        multipliers.putAll(s.multipliers());
        bases.clear();
        bases.putAll(s.bases());
    }

    /** Summary lines: one per multiplier other than 1, with its layers. */
    List<String> notes() {
        Map<Double, List<String>> byM = new TreeMap<>();
        multipliers.forEach((n, m) -> {
            if (m != 1.0) {
                byM.computeIfAbsent(m, k -> new ArrayList<>()).add(n);
            }
        });
        List<String> out = new ArrayList<>();
        byM.forEach((m, ns) -> out.add(String.format(Locale.ROOT, "learning rate x%s: %s", m, ns)));
        return out;
    }

    /** The optimizer a new head gets by default: the first parameter layer's base (or its configured one). */
    IUpdater first(ComputationGraphConfiguration conf) {
        for (String n : GraphSurgery.paramLayers(conf)) {
            if (GraphSurgery.unwrap(GraphSurgery.layerConf(conf, n)) instanceof BaseLayer b && b.getIUpdater() != null) {
                IUpdater base = base(n);
                return base != null ? base : b.getIUpdater().clone();
            }
        }
        return null;
    }

    /**
     * Sets every listed layer's updater (and bias updater) to its base scaled by its multiplier (1 if none).
     * {@code bases} holds, per layer, the optimizer before any multiplier; layers missing there are
     * recorded from the configuration first. {@code applied} remembers what was set last (updater and
     * multiplier): when a layer's optimizer was changed since by someone else (a Trainer sets its own on
     * the trainable layers, keeping the multipliers), that optimizer, unscaled, becomes the new base, and
     * the layers that shared the old base (frozen ones, to be unfrozen later) follow it too.
     */
    private static void apply(ComputationGraphConfiguration conf, List<String> layers, Map<String, IUpdater[]> bases,
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
                bl.setIUpdater(LayerRates.scaled(base[0], m, n));
            }
            bl.setBiasUpdater(base[1] != null ? LayerRates.scaled(base[1], m, n) : null);
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
    private static void recordBases(ComputationGraphConfiguration conf, Map<String, IUpdater[]> bases, Map<String, Double> multipliers) {
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
        ISchedule s = LayerRates.schedule(b);
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

    /** A layer's learning rate at an iteration and epoch as its optimizer has it now; 0 without one. */
    static double current(ComputationGraphConfiguration conf, String layer, int iteration, int epoch) {
        if (GraphSurgery.unwrap(GraphSurgery.layerConf(conf, layer)) instanceof BaseLayer bl && bl.getIUpdater() != null
                && bl.getIUpdater().hasLearningRate()) {
            return bl.getIUpdater().getLearningRate(iteration, epoch);
        }
        return 0;
    }

    /** See {@link TransferModel#setLearningRate(double)}: in place, optimizer state kept. */
    private static void setLive(ComputationGraph graph, double lr, Set<String> fixed, List<String> trainable,
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
