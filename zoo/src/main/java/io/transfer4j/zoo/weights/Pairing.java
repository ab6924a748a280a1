package io.transfer4j.zoo.weights;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Pairs the layers of a weight source with the model's layers, by name or by order, and shape-checks each
 * pair; shared by the Keras and DL4J loaders. Nothing is read or written here.
 *
 * @param <S> a source layer (a Keras file layer, a layer of a DL4J zip)
 */
final class Pairing<S> {
    record Pair<S>(S source, TargetLayer target) {
    }

    final LoadMode mode;
    final List<TargetLayer> targets;
    final List<Pair<S>> pairs = new ArrayList<>();
    final List<LoadReport.Mapped> mapped = new ArrayList<>();
    final List<LoadReport.Mismatch> mismatched = new ArrayList<>();
    final List<String> missing = new ArrayList<>();
    final List<String> unexpected = new ArrayList<>();
    final List<String> notes = new ArrayList<>();

    private Pairing(LoadMode mode, List<TargetLayer> targets) {
        this.mode = mode;
        this.targets = targets;
    }

    /**
     * Pairs by the requested mode. AUTO follows the names when they account for everything; otherwise, when
     * pairing in order (Keras's own way) fits every layer, it takes that: Keras Applications files may name a
     * layer differently from the model (the ResNet50 file's classifier is {@code probs} in
     * keras-applications, {@code predictions} in tf.keras) and Keras itself loads them by order. Failing
     * both, it keeps whichever pairing fits more layers (names on a tie) and reports the rest.
     *
     * @param sources  source layers that hold weights, in the source's order
     * @param options  mode, and whether extra source layers count against completeness
     * @param name     a source layer's name as the model would call it
     * @param arrays   how many arrays a source layer has (for the report)
     * @param mismatch null when a source layer fits a model layer, else what does not fit (with both shapes)
     */
    static <S> Pairing<S> of(List<S> sources, List<TargetLayer> targets, LoadOptions options, Function<S, String> name,
                             Function<S, Integer> arrays, BiFunction<S, TargetLayer, String> mismatch) {
        if (options.mode() != LoadMode.AUTO) {
            return of(sources, targets, options.mode(), name, arrays, mismatch);
        }
        Pairing<S> byName = of(sources, targets, LoadMode.BY_NAME, name, arrays, mismatch);
        if (byName.complete(options.allowExtra())) {
            return byName;
        }
        Pairing<S> byOrder = of(sources, targets, LoadMode.BY_ORDER, name, arrays, mismatch);
        if (byOrder.complete(options.allowExtra()) || byOrder.pairs.size() > byName.pairs.size()) {
            List<String> renamed = byOrder.mapped.stream().filter(m -> !m.fileLayer().equals(m.modelLayer()))
                    .map(m -> m.fileLayer() + " -> " + m.modelLayer()).toList();
            if (!renamed.isEmpty()) {
                byOrder.notes.add("paired by order, as Keras loads such files, because names differ: "
                        + LoadReport.abbreviate(renamed));
            }
            return byOrder;
        }
        return byName;
    }

    private boolean complete(boolean allowExtra) {
        return missing.isEmpty() && mismatched.isEmpty() && (allowExtra || unexpected.isEmpty());
    }

    private static <S> Pairing<S> of(List<S> sources, List<TargetLayer> targets, LoadMode mode, Function<S, String> name,
                                     Function<S, Integer> arrays, BiFunction<S, TargetLayer, String> mismatch) {
        Pairing<S> p = new Pairing<>(mode, targets);
        List<S> paired = new ArrayList<>();
        List<TargetLayer> pairedTargets = new ArrayList<>();
        if (mode == LoadMode.BY_NAME) {
            Map<String, TargetLayer> byName = new LinkedHashMap<>();
            targets.forEach(t -> byName.put(t.name(), t));
            for (S s : sources) {
                TargetLayer t = byName.remove(name.apply(s));
                if (t == null) {
                    p.unexpected.add(name.apply(s));
                } else {
                    paired.add(s);
                    pairedTargets.add(t);
                }
            }
            p.missing.addAll(byName.keySet());
        } else {
            int n = Math.min(sources.size(), targets.size());
            paired.addAll(sources.subList(0, n));
            pairedTargets.addAll(targets.subList(0, n));
            sources.subList(n, sources.size()).forEach(s -> p.unexpected.add(name.apply(s)));
            targets.subList(n, targets.size()).forEach(t -> p.missing.add(t.name()));
        }
        for (int i = 0; i < paired.size(); i++) {
            S s = paired.get(i);
            TargetLayer t = pairedTargets.get(i);
            String problem = mismatch.apply(s, t);
            if (problem == null) {
                p.pairs.add(new Pair<>(s, t));
                p.mapped.add(new LoadReport.Mapped(name.apply(s), t.name(), arrays.apply(s)));
            } else {
                p.mismatched.add(new LoadReport.Mismatch(name.apply(s), t.name(), problem));
            }
        }
        return p;
    }

    LoadReport report(Object file) {
        return new LoadReport(file.toString(), mode, mapped, missing, unexpected, mismatched, notes);
    }

    /** Strict: fail before anything is written; lenient: fail only when nothing at all fits. */
    void enforce(Object file, String what, LoadOptions options) {
        LoadReport r = report(file);
        if (options.requireComplete() && !complete(options.allowExtra())) {
            throw new WeightLoadException(what + " " + file + " do not fit the model (nothing was loaded):" + r.problems());
        }
        if (pairs.isEmpty() && !targets.isEmpty()) {
            throw new WeightLoadException("no layer of " + file + " fits the model (nothing was loaded):" + r.problems());
        }
    }
}
