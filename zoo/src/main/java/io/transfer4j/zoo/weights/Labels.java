package io.transfer4j.zoo.weights;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Class names in the index order of a model's outputs, and top-k decoding of its predictions (Keras's
 * {@code decode_predictions}). Bundled lists are resources {@code io/transfer4j/zoo/labels/<id>.txt}, one
 * name a line; a weight tag names its list ({@code WeightTag.labels()}, e.g. {@code "imagenet"}).
 *
 * <pre>{@code
 * INDArray probs = vgg.graph().outputSingle(image);                // [1, 1000]
 * for (Prediction p : Labels.imagenet().decode(probs, 5)) System.out.println(p);
 * }</pre>
 */
public final class Labels {
    private static final Map<String, Labels> BUNDLED = new ConcurrentHashMap<>();

    private final String id;
    private final List<String> names;

    private Labels(String id, List<String> names) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("label list '" + id + "' is empty");
        }
        this.id = id;
        this.names = List.copyOf(names);
    }

    /** The 1000 ImageNet (ILSVRC 2012) classes in the standard index order (0 tench … 999 toilet tissue). */
    public static Labels imagenet() {
        return bundled("imagenet");
    }

    /**
     * A bundled list by id.
     *
     * @throws IllegalArgumentException when no list of that id is bundled
     */
    public static Labels bundled(String id) {
        String key = id == null ? "" : id.trim().toLowerCase(Locale.ROOT);
        if (!key.matches("[a-z0-9][a-z0-9_-]*")) {
            throw new IllegalArgumentException("label list id must be letters, digits, '-' or '_', got '" + id + "'");
        }
        return BUNDLED.computeIfAbsent(key, Labels::load);
    }

    /**
     * The class names a weight tag's outputs are in: {@code Labels.forTag(registry.get("vgg16:imagenet"))}.
     *
     * @throws IllegalArgumentException when the tag names no label list (e.g. a headless tag of your own)
     */
    public static Labels forTag(WeightTag tag) {
        if (tag.labels() == null) {
            throw new IllegalArgumentException("weight tag '" + tag.tag() + "' names no label list; use Labels.of(id, names)");
        }
        return bundled(tag.labels());
    }

    /** Your own class names, index order. */
    public static Labels of(String id, List<String> names) {
        return new Labels(id, names);
    }

    public String id() {
        return id;
    }

    public int size() {
        return names.size();
    }

    /** The name of class {@code index}. */
    public String get(int index) {
        if (index < 0 || index >= names.size()) {
            throw new IndexOutOfBoundsException("class index " + index + " outside 0.." + (names.size() - 1) + " of '" + id + "'");
        }
        return names.get(index);
    }

    public List<String> names() {
        return names;
    }

    /**
     * The {@code k} most probable classes of one example, most probable first.
     *
     * @param predictions {@code [classes]} or {@code [1, classes]} (use {@link #decodeBatch} for more rows)
     * @param k           how many (at most the number of classes)
     */
    public List<Prediction> decode(INDArray predictions, int k) {
        if (predictions.rank() == 2 && predictions.rows() != 1) {
            throw new IllegalArgumentException("decode() takes one example, got " + predictions.rows()
                    + " rows " + Arrays.toString(predictions.shape()) + "; use decodeBatch()");
        }
        if (predictions.rank() > 2) {
            throw new IllegalArgumentException("predictions must be [classes] or [n, classes], got " + Arrays.toString(predictions.shape()));
        }
        return top(predictions.reshape(predictions.length()).toDoubleVector(), k);
    }

    /** {@link #decode} for every row of {@code [n, classes]}. */
    public List<List<Prediction>> decodeBatch(INDArray predictions, int k) {
        if (predictions.rank() != 2) {
            throw new IllegalArgumentException("decodeBatch() takes [n, classes], got " + Arrays.toString(predictions.shape()));
        }
        List<List<Prediction>> out = new ArrayList<>();
        for (int r = 0; r < predictions.rows(); r++) {
            out.add(top(predictions.getRow(r).toDoubleVector(), k));
        }
        return out;
    }

    private List<Prediction> top(double[] p, int k) {
        if (p.length != names.size()) {
            throw new IllegalArgumentException("predictions have " + p.length + " classes but label list '" + id + "' has "
                    + names.size() + "; decode with the labels of the weights the model was built with");
        }
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        // NaN sorts last so that a broken output cannot masquerade as the top class
        Comparator<Integer> byProbability = Comparator.comparingDouble(i -> Double.isNaN(p[i]) ? Double.NEGATIVE_INFINITY : p[i]);
        return IntStream.range(0, p.length).boxed().sorted(byProbability.reversed()).limit(k)
                .map(i -> new Prediction(i, names.get(i), p[i])).toList();
    }

    private static Labels load(String id) {
        String resource = "/io/transfer4j/zoo/labels/" + id + ".txt";
        try (InputStream in = Labels.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no bundled label list '" + id + "' (" + resource + "); bundled: imagenet."
                        + " Use Labels.of(id, names) for your own classes");
            }
            List<String> names = new ArrayList<>();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (!line.isBlank()) {
                        names.add(line.strip());
                    }
                }
            }
            return new Labels(id, names);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read bundled label list " + resource, e);
        }
    }
}
