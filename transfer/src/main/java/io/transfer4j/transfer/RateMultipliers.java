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
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * A model's discriminative learning rates: the multiplier of each layer, the base optimizer each
 * multiplier applies to, and what was applied last (see {@link LearningRates#apply}).
 */
final class RateMultipliers {
    private final Map<String, Double> multipliers = new LinkedHashMap<>();
    private final Map<String, IUpdater[]> bases = new LinkedHashMap<>();
    private final Map<String, LearningRates.Applied> applied = new LinkedHashMap<>();

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
        LearningRates.apply(conf, GraphSurgery.paramLayers(conf), bases, multipliers, applied);
    }

    /** Takes the multipliers a saved model recorded; its graph's optimizers already carry them. */
    void load(ComputationGraphConfiguration conf, Map<String, Double> saved) {
        multipliers.putAll(saved);
        LearningRates.recordBases(conf, bases, multipliers);
    }

    void setLive(ComputationGraph graph, double lr, Set<String> fixed, List<String> trainable) {
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("learning rate must be >= 0 and finite, got " + lr);
        }
        LearningRates.setLive(graph, lr, fixed, trainable, multipliers, bases);
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
}
