package io.transfer4j.transfer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * What a {@link TransferModel} asks of its layers and re-applies to every graph it rebuilds: the layers
 * frozen, whether BatchNorm keeps training while frozen around ({@code trainBn}), and the learning-rate
 * multipliers. It also keeps the settings the last rebuilt graph accepted, so that a change DL4J refuses
 * leaves the model as it was before the call.
 */
final class LayerSettings {
    private final Set<String> frozen = new LinkedHashSet<>();
    private boolean trainBn;
    private final RateMultipliers rates = new RateMultipliers();
    private Committed committed;

    /** Starts from the layers {@code conf} already has frozen (a hand-made or loaded graph). */
    LayerSettings(ComputationGraphConfiguration conf) {
        frozen.addAll(GraphSurgery.wrapped(conf));
        committed = new Committed(Set.copyOf(frozen), rates.snapshot(), false);
    }

    /** The layers asked to be frozen, BatchNorm ones included even with trainBn (what a model file records). */
    Set<String> frozenIntent() {
        return frozen;
    }

    /** The layers frozen in fact: with trainBn, the BatchNorm layers of {@code conf} are left out. */
    Set<String> effectiveFrozen(ComputationGraphConfiguration conf) {
        Set<String> effective = new LinkedHashSet<>(frozen);
        if (trainBn) {
            effective.removeIf(n -> GraphSurgery.isBatchNorm(conf, n));
        }
        return effective;
    }

    boolean trainBn() {
        return trainBn;
    }

    void trainBn(boolean train) {
        this.trainBn = train;
    }

    RateMultipliers rates() {
        return rates;
    }

    /** Adds the selected layers that have parameters to the frozen ones. */
    void freeze(ComputationGraphConfiguration conf, List<String> selected) {
        frozen.addAll(withParams(conf, selected));
    }

    void unfreeze(List<String> selected) {
        frozen.removeAll(selected);
    }

    /** Sets the multiplier of the selected layers that have parameters. */
    void lrMultiplier(ComputationGraphConfiguration conf, List<String> selected, double multiplier) {
        rates.set(withParams(conf, selected), multiplier);
    }

    /** fastai's {@code slice(lo, hi)} over {@code names}; see {@link TransferModel#lrGroups}. */
    void lrGroups(ComputationGraphConfiguration conf, List<String> names, double lowest, String... groupStarts) {
        rates.groups(names, new LinkedHashSet<>(GraphSurgery.paramLayers(conf)), lowest, groupStarts);
    }

    private static List<String> withParams(ComputationGraphConfiguration conf, List<String> names) {
        Set<String> p = new LinkedHashSet<>(GraphSurgery.paramLayers(conf));
        return names.stream().filter(p::contains).toList();
    }

    /** Forgets layers that no longer exist (after a new head). */
    void retain(Collection<String> remaining) {
        Set<String> kept = new LinkedHashSet<>(remaining);
        frozen.retainAll(kept);
        rates.retain(kept);
    }

    /**
     * Takes the settings a model file recorded, every frozen name checked against {@code names}; the
     * loaded graph's optimizers already carry the multipliers.
     */
    void load(ComputationGraphConfiguration conf, List<String> names, Set<String> frozenLayers, boolean bnTrains,
              Map<String, Double> lrMultipliers) {
        for (String n : frozenLayers) {
            LayerSelector.require(n, names);
        }
        frozen.clear();
        frozen.addAll(frozenLayers);
        rates.load(conf, lrMultipliers);
        this.trainBn = bnTrains;
    }

    /** {@code graph} rebuilt with the freeze set, BN mode and learning rates applied. */
    ComputationGraph applyTo(ComputationGraph graph) {
        ComputationGraph rebuilt;
        try {
            ComputationGraphConfiguration c = graph.getConfiguration().clone();
            rates.applyTo(c);
            rebuilt = GraphSurgery.rebuild(graph, GraphSurgery.withFrozen(c, effectiveFrozen(graph.getConfiguration())));
        } catch (RuntimeException e) {
            // A refused change leaves the model as it was before the call.
            frozen.clear();
            frozen.addAll(committed.frozen());
            rates.restore(committed.rates());
            trainBn = committed.trainBn();
            throw e;
        }
        committed = new Committed(Set.copyOf(frozen), rates.snapshot(), trainBn);
        return rebuilt;
    }

    /** The state of the last successful rebuild, restored when a change is refused. */
    private record Committed(Set<String> frozen, RateMultipliers.Snapshot rates, boolean trainBn) {
    }

    /** Summary lines: what frozen BatchNorm layers of {@code conf} do, and any learning-rate multipliers. */
    List<String> notes(ComputationGraphConfiguration conf) {
        List<String> out = new ArrayList<>();
        if (GraphSurgery.paramLayers(conf).stream().anyMatch(n -> GraphSurgery.isBatchNorm(conf, n))) {
            out.add(trainBn ? "BatchNorm: train_bn - BatchNorm layers keep training (gamma/beta and running statistics) while the layers around them are frozen"
                    : "BatchNorm: frozen BatchNorm layers run in inference mode - running statistics stay fixed");
        }
        out.addAll(rates.notes());
        return out;
    }
}
