package io.transfer4j.zoo.weights;

import java.util.List;

/**
 * What a loader did: which file layers went into which model layers, and what did not fit.
 *
 * <pre>{@code
 * LoadReport r = KerasWeightsLoader.load(h5, net.graph(), LoadOptions.lenient());
 * if (!r.complete()) System.out.println(r);   // e.g. the new head 'predictions' kept its initial weights
 * }</pre>
 *
 * @param source     the file loaded
 * @param mode       the pairing used (AUTO resolved to BY_NAME or BY_ORDER)
 * @param mapped     pairs that were (or, for a check, would be) loaded
 * @param missing    model layers with parameters that got nothing from the file
 * @param unexpected file layers with weights that the model did not take
 * @param mismatched pairs whose arrays do not fit, with both shapes (skipped when lenient)
 * @param notes      things that loaded but deserve a look (e.g. a batch-norm epsilon that differs)
 */
public record LoadReport(String source, LoadMode mode, List<Mapped> mapped, List<String> missing,
                         List<String> unexpected, List<Mismatch> mismatched, List<String> notes) {

    /** A file layer loaded into a model layer. */
    public record Mapped(String fileLayer, String modelLayer, int arrays) {
    }

    /** A pair whose arrays do not fit; {@code detail} names the array and both shapes. */
    public record Mismatch(String fileLayer, String modelLayer, String detail) {
        @Override
        public String toString() {
            return (fileLayer.equals(modelLayer) ? "layer '" + modelLayer + "'"
                    : "file layer '" + fileLayer + "' -> model layer '" + modelLayer + "'") + ": " + detail;
        }
    }

    public LoadReport {
        mapped = List.copyOf(mapped);
        missing = List.copyOf(missing);
        unexpected = List.copyOf(unexpected);
        mismatched = List.copyOf(mismatched);
        notes = List.copyOf(notes);
    }

    /** Everything in the file went into the model and every model layer got weights. */
    public boolean complete() {
        return missing.isEmpty() && unexpected.isEmpty() && mismatched.isEmpty();
    }

    /** Number of arrays loaded. */
    public int arrays() {
        return mapped.stream().mapToInt(Mapped::arrays).sum();
    }

    /** The problems, one per line, each with its fix; empty when complete. */
    public String problems() {
        StringBuilder sb = new StringBuilder();
        for (Mismatch m : mismatched) {
            sb.append("\n  - ").append(m);
        }
        if (!mismatched.isEmpty()) {
            sb.append("\n    fix: build the model with the input size and number of classes the weights were trained for,"
                    + " or load with LoadOptions.lenient() so these layers keep their initial weights (then train them)");
        }
        if (!missing.isEmpty()) {
            sb.append("\n  - model layers with no weights in the file: ").append(abbreviate(missing))
                    .append("\n    fix: use a file that has them (e.g. the full 'imagenet' weights rather than 'imagenet-notop'),"
                            + " or load with LoadOptions.lenient() so they keep their initial weights");
        }
        if (!unexpected.isEmpty()) {
            sb.append("\n  - file layers the model does not have: ").append(abbreviate(unexpected))
                    .append("\n    fix: build the model with those layers (e.g. includeTop(true) for a file with the classifier),"
                            + " use the '-notop' weights, or load with LoadOptions.lenient() to ignore them");
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return source + ": " + mapped.size() + " layers (" + arrays() + " arrays) loaded " + mode.name().toLowerCase().replace('_', ' ')
                + (complete() ? ", nothing missing or left over" : problems())
                + notes.stream().map(n -> "\n  note: " + n).reduce("", String::concat);
    }

    static String abbreviate(List<String> names) {
        return names.size() <= 12 ? names.toString()
                : names.subList(0, 12).toString().replace("]", ", ... and " + (names.size() - 12) + " more]");
    }
}
