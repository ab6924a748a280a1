package io.transfer4j.transfer;

import io.transfer4j.dsl.Names;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which layers a freeze, unfreeze or learning-rate call applies to: all, named ones, everything up to and
 * including a layer (in the summary's topological order, as Keras's {@code model.layers[:k]}), everything
 * from a layer on, a name pattern, or the complement of another selection. Unknown names and patterns
 * matching nothing are errors listing close matches; DL4J's {@code TransferLearning} ignores them (#8991).
 *
 * <pre>{@code
 * model.freeze(LayerSelector.upTo("block4_pool"));
 * model.freeze(LayerSelector.matching("block[1-3]_*"));        // glob
 * model.freeze(LayerSelector.matching("regex:conv[2-4]_.*"));   // regex
 * model.unfreeze(LayerSelector.from("conv5_block1_1_conv"));
 * }</pre>
 */
public abstract class LayerSelector {

    private LayerSelector() {
    }

    /**
     * The selected names out of {@code order} (every vertex, topological order), in that order.
     *
     * @throws IllegalArgumentException naming what did not match and the closest known names
     */
    public abstract List<String> resolve(List<String> order);

    /** Every layer. */
    public static LayerSelector all() {
        return new LayerSelector() {
            @Override
            public List<String> resolve(List<String> order) {
                return List.copyOf(order);
            }

            @Override
            public String toString() {
                return "all layers";
            }
        };
    }

    /** Exactly these layers. */
    public static LayerSelector names(String... names) {
        List<String> wanted = List.of(names);
        return new LayerSelector() {
            @Override
            public List<String> resolve(List<String> order) {
                wanted.forEach(n -> require(n, order));
                return order.stream().filter(wanted::contains).toList();
            }

            @Override
            public String toString() {
                return "layers " + wanted;
            }
        };
    }

    /** Every layer before {@code layer} in topological order, and {@code layer} itself. */
    public static LayerSelector upTo(String layer) {
        return new LayerSelector() {
            @Override
            public List<String> resolve(List<String> order) {
                int i = order.indexOf(require(layer, order));
                return List.copyOf(order.subList(0, i + 1));
            }

            @Override
            public String toString() {
                return "layers up to and including '" + layer + "'";
            }
        };
    }

    /** {@code layer} and every layer after it in topological order (fastai's {@code freeze_to} boundary). */
    public static LayerSelector from(String layer) {
        return new LayerSelector() {
            @Override
            public List<String> resolve(List<String> order) {
                int i = order.indexOf(require(layer, order));
                return List.copyOf(order.subList(i, order.size()));
            }

            @Override
            public String toString() {
                return "layers from '" + layer + "' on";
            }
        };
    }

    /**
     * Layers whose whole name matches {@code pattern}: a glob ({@code *} any run, {@code ?} one character,
     * {@code [..]} a class) or, with the prefix {@code regex:}, a Java regular expression. A prefix
     * {@code glob:} is accepted too.
     */
    public static LayerSelector matching(String pattern) {
        Pattern p = compile(pattern);
        return new LayerSelector() {
            @Override
            public List<String> resolve(List<String> order) {
                List<String> hit = order.stream().filter(n -> p.matcher(n).matches()).toList();
                if (hit.isEmpty()) {
                    String plain = pattern.replaceFirst("^(regex|glob):", "").replaceAll("[*?\\[\\]().+^$|\\\\]", "");
                    throw new IllegalArgumentException("pattern '" + pattern + "' matches no layer; close matches: "
                            + Names.closest(plain, order) + " (globs use * and ?, or prefix the pattern with regex:)");
                }
                return hit;
            }

            @Override
            public String toString() {
                return "layers matching '" + pattern + "'";
            }
        };
    }

    /** Every layer the other selection does not pick. */
    public static LayerSelector allExcept(LayerSelector excluded) {
        return new LayerSelector() {
            @Override
            public List<String> resolve(List<String> order) {
                Set<String> out = new LinkedHashSet<>(excluded.resolve(order));
                List<String> rest = new ArrayList<>(order);
                rest.removeAll(out);
                return rest;
            }

            @Override
            public String toString() {
                return "all layers except " + excluded;
            }
        };
    }

    /** Every layer except these names. */
    public static LayerSelector allExcept(String... names) {
        return allExcept(names(names));
    }

    static String require(String name, List<String> order) {
        if (name == null || !order.contains(name)) {
            throw new IllegalArgumentException("no layer named '" + name + "'; close matches: "
                    + Names.closest(String.valueOf(name), order) + " (see TransferModel.summary() for every name)");
        }
        return name;
    }

    static Pattern compile(String pattern) {
        if (pattern == null || pattern.isEmpty()) {
            throw new IllegalArgumentException("layer name pattern must not be empty");
        }
        try {
            if (pattern.startsWith("regex:")) {
                return Pattern.compile(pattern.substring("regex:".length()));
            }
            return Pattern.compile(globToRegex(pattern.startsWith("glob:") ? pattern.substring(5) : pattern));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("bad layer name pattern '" + pattern + "': " + e.getDescription(), e);
        }
    }

    static String globToRegex(String glob) {
        StringBuilder sb = new StringBuilder();
        boolean inClass = false;
        for (char c : glob.toCharArray()) {
            if (inClass) {
                sb.append(c == '!' && sb.charAt(sb.length() - 1) == '[' ? '^' : c);
                inClass = c != ']';
            } else if (c == '*') {
                sb.append(".*");
            } else if (c == '?') {
                sb.append('.');
            } else if (c == '[') {
                sb.append('[');
                inClass = true;
            } else {
                sb.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return sb.toString();
    }
}
