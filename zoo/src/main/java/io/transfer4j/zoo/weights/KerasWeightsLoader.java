package io.transfer4j.zoo.weights;

import io.transfer4j.dsl.Network;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Loads a Keras 2 weights file ({@code .h5}, e.g. Keras Applications' VGG16 / ResNet50 ImageNet weights)
 * into a DL4J graph, converting every array to DL4J's layout (see {@link KerasLayout}). Pairs layers by
 * name or, as Keras itself does, by order (see {@link LoadMode}); every pair is shape-checked before any
 * parameter is written, and every array is read and converted before the first one is assigned, so a load
 * that fails leaves the model untouched. (The price: the converted arrays are held at once, as much
 * off-heap memory again as the model's parameters, 553 MB for VGG16.)
 *
 * <pre>{@code
 * Network vgg = Zoo.vgg16().build();
 * LoadReport r = KerasWeightsLoader.load(Path.of("vgg16_weights_tf_dim_ordering_tf_kernels.h5"), vgg, LoadOptions.strict());
 * System.out.println(r);   // ...: 16 layers (32 arrays) loaded by name, nothing missing or left over
 * }</pre>
 */
public final class KerasWeightsLoader {
    private KerasWeightsLoader() {
    }

    /** Loads {@code h5} into the network's graph. */
    public static LoadReport load(Path h5, Network network, LoadOptions options) {
        return load(h5, network.graph(), options);
    }

    /**
     * Loads {@code h5} into {@code graph}.
     *
     * @throws WeightLoadException when the file cannot be read, or (strict) does not fit the model: the
     *                             message names the file, each layer with both shapes, and the fix
     */
    public static LoadReport load(Path h5, ComputationGraph graph, LoadOptions options) {
        try (KerasH5File file = KerasH5File.open(h5)) {
            Pairing<KerasH5File.Layer> plan = plan(file, TargetLayer.of(graph), options);
            plan.enforce(h5, "Keras weights", options);
            // Read and convert everything first: a file that breaks half-way leaves the model untouched.
            List<Runnable> writes = new ArrayList<>();
            for (Pairing.Pair<KerasH5File.Layer> p : plan.pairs) {
                List<String> keys = p.target().keys();
                for (int i = 0; i < keys.size(); i++) {
                    INDArray keras = file.read(p.source(), i);
                    checkShape(h5, p, i, keras.shape());     // the data set may disagree with its declared shape
                    INDArray value = KerasLayout.toDl4j(p.target(), keys.get(i), keras);
                    INDArray param = graph.getLayer(p.target().name()).getParam(keys.get(i));
                    writes.add(() -> param.assign(value));
                }
            }
            writes.forEach(Runnable::run);
            return plan.report(h5);
        }
    }

    /** Pairs and shape-checks {@code h5} against the network without reading or writing any weight. */
    public static LoadReport check(Path h5, Network network, LoadOptions options) {
        return check(h5, network.graph(), options);
    }

    /** Pairs and shape-checks {@code h5} against {@code graph} without reading or writing any weight. */
    public static LoadReport check(Path h5, ComputationGraph graph, LoadOptions options) {
        try (KerasH5File file = KerasH5File.open(h5)) {
            return plan(file, TargetLayer.of(graph), options).report(h5);
        }
    }

    // ---- pairing ------------------------------------------------------------------------------------

    private static Pairing<KerasH5File.Layer> plan(KerasH5File file, List<TargetLayer> targets, LoadOptions options) {
        return Pairing.of(file.weightLayers(), targets, options, KerasH5File.Layer::name, l -> l.arrays().size(),
                KerasWeightsLoader::mismatch);
    }

    /** Null when the file layer's arrays fit the model layer, else what does not fit, with both shapes. */
    private static String mismatch(KerasH5File.Layer layer, TargetLayer target) {
        if (target.kind() == TargetLayer.Kind.UNSUPPORTED) {
            return "the model layer's type cannot take Keras weights (supported: Conv2D, DepthwiseConv2D,"
                    + " SeparableConv2D, Dense, BatchNormalization)";
        }
        List<String> keys = target.keys();
        List<KerasH5File.Array> arrays = layer.arrays();
        if (arrays.size() != keys.size()) {
            return "the file has " + arrays.size() + " arrays " + arrays + ", the model layer needs " + keys.size() + " "
                    + keys.stream().map(k -> KerasH5File.shapeString(KerasLayout.kerasShape(target, k))).toList()
                    + (target.kind() == TargetLayer.Kind.BATCH_NORM ? " (gamma, beta, moving_mean, moving_variance)"
                    : arrays.size() < keys.size() ? " (does one side have no bias?)" : "");
        }
        for (int i = 0; i < keys.size(); i++) {
            long[] want = KerasLayout.kerasShape(target, keys.get(i));
            if (!KerasLayout.fits(target, keys.get(i), arrays.get(i).shape())) {
                return "array " + i + " '" + arrays.get(i).name() + "' is " + KerasH5File.shapeString(arrays.get(i).shape())
                        + " in the file but the model needs " + KerasH5File.shapeString(want) + " (Keras layout; DL4J "
                        + keys.get(i) + " " + Arrays.toString(target.params().get(keys.get(i))) + ")";
            }
        }
        return null;
    }

    private static void checkShape(Path h5, Pairing.Pair<KerasH5File.Layer> p, int i, long[] read) {
        long[] declared = p.source().arrays().get(i).shape();
        long n = Arrays.stream(read).reduce(1, (a, b) -> a * b);
        long m = Arrays.stream(declared).reduce(1, (a, b) -> a * b);
        if (n != m) {
            throw new WeightLoadException(h5 + ": array '" + p.source().arrays().get(i).name() + "' of layer '" + p.source().name()
                    + "' read as " + Arrays.toString(read) + " but is declared " + KerasH5File.shapeString(declared)
                    + "; the file is damaged: delete it and fetch it again");
        }
    }
}
