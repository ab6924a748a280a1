package io.transfer4j.zoo.weights;

import io.transfer4j.dsl.Network;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Copies the parameters of a DL4J {@code ModelSerializer} zip (DL4J's model-zoo files, or a model saved by
 * transfer4j) into a DSL-built graph, layer by layer through a {@link Dl4jNameMap}. The zip is read in
 * place with {@link ModelSerializer} (never extracted, so entry names cannot write anywhere); DL4J's
 * {@code initPretrained()} is never used (its host is gone).
 * Zips with an entry DL4J would Java-deserialize are refused first ({@link JavaSerializationGuard}).
 *
 * <p>Conversions: batch norm {@code var} ↔ {@code log10stdev} (older zips store the variance), the rows of
 * a dense layer after a flatten when one side flattened channels-last (DL4J's Keras import did), biases
 * {@code [1, n]} ↔ {@code [n]}.
 *
 * <pre>{@code
 * Network resnet = Zoo.resnet50().build();
 * LoadReport r = Dl4jZipLoader.load(Path.of("resnet50_dl4j_inference.v3.zip"), resnet.graph(),
 *         Dl4jNameMap.resnet50(), LoadOptions.strict());
 * }</pre>
 */
public final class Dl4jZipLoader {
    static final String CONFIGURATION = "configuration.json";
    static final String COEFFICIENTS = "coefficients.bin";

    private Dl4jZipLoader() {
    }

    /** Loads {@code zip} into the network's graph. */
    public static LoadReport load(Path zip, Network network, Dl4jNameMap names, LoadOptions options) {
        return load(zip, network.graph(), names, options);
    }

    /**
     * Loads {@code zip} into {@code graph}.
     *
     * @throws WeightLoadException when the zip is missing, not a DL4J model, truncated or corrupt, or (strict)
     *                             does not fit the model; the message names the file, the layers and both shapes
     */
    public static LoadReport load(Path zip, ComputationGraph graph, Dl4jNameMap names, LoadOptions options) {
        return copy(restore(zip), zip.toString(), graph, names, options);
    }

    /**
     * Copies the parameters of a DL4J graph already in memory (e.g. one built from DL4J's zoo
     * configurations) into {@code graph}, by the same rules as {@link #load}.
     *
     * @param sourceLabel how the source is named in the report and in errors
     */
    public static LoadReport copy(ComputationGraph source, String sourceLabel, ComputationGraph graph, Dl4jNameMap names,
                                  LoadOptions options) {
        Pairing<TargetLayer> plan = Pairing.of(TargetLayer.of(source), TargetLayer.of(graph), options,
                s -> names.apply(s.name()), s -> s.params().size(), Dl4jZipLoader::mismatch);
        epsilonNotes(plan);
        plan.enforce(sourceLabel, "the parameters of DL4J model", options);
        List<Runnable> writes = new ArrayList<>();
        for (Pairing.Pair<TargetLayer> p : plan.pairs) {
            List<String> from = p.source().keys();
            List<String> to = p.target().keys();
            for (int i = 0; i < to.size(); i++) {
                INDArray value = convert(p.source(), from.get(i), p.target(), to.get(i),
                        source.getLayer(p.source().name()).getParam(from.get(i)));
                INDArray param = graph.getLayer(p.target().name()).getParam(to.get(i));
                writes.add(() -> param.assign(value));
            }
        }
        writes.forEach(Runnable::run);
        return plan.report(sourceLabel);
    }

    /** Restores the zip's graph (weights only, no updater state), with clear errors for bad files. */
    static ComputationGraph restore(Path zip) {
        checkEntries(zip);
        try {
            try (InputStream in = Files.newInputStream(zip)) {
                // ModelSerializer would Java-deserialize some entries: refuse those files before it reads them
                Optional<String> unsafe = JavaSerializationGuard.problem(zip.toString(), in);
                if (unsafe.isPresent()) {
                    throw new WeightLoadException(unsafe.get());
                }
            }
            return ModelSerializer.restoreComputationGraph(zip.toFile(), false);
        } catch (WeightLoadException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            boolean mln = m.contains("MultiLayerConfiguration") || m.toLowerCase(Locale.ROOT).contains("multilayer");
            throw new WeightLoadException("cannot restore the DL4J model in " + zip + ": " + m
                    + (mln ? ". It holds a MultiLayerNetwork; only ComputationGraph zips can be loaded into zoo models"
                    : ". The file is damaged or truncated: delete it and download (or import) it again"), e);
        }
    }

    private static void checkEntries(Path zip) {
        if (!Files.isRegularFile(zip)) {
            throw new WeightLoadException("DL4J model file " + zip + " does not exist (or is not a regular file); check the path,"
                    + " or let the model cache fetch it by tag");
        }
        Set<String> entries = new TreeSet<>();
        try (ZipFile z = new ZipFile(zip.toFile())) {
            for (ZipEntry e : Collections.list(z.entries())) {
                entries.add(e.getName());
            }
        } catch (ZipException e) {
            throw new WeightLoadException(zip + " is not a readable zip archive (" + e.getMessage() + "): it is truncated,"
                    + " corrupt or not a DL4J model file. Delete it and download (or import) it again", e);
        } catch (IOException e) {
            throw new WeightLoadException("cannot read " + zip + ": " + e.getMessage() + "; check its permissions", e);
        }
        if (!entries.contains(CONFIGURATION) || !entries.contains(COEFFICIENTS)) {
            throw new WeightLoadException(zip + " is a zip archive but not a DL4J model: it lacks " + CONFIGURATION + " and/or "
                    + COEFFICIENTS + " (entries: " + LoadReport.abbreviate(List.copyOf(entries)) + "). Point to a file"
                    + " written by ModelSerializer or transfer4j");
        }
    }

    /** Null when the zip layer fits the model layer, else what does not, with both shapes. */
    private static String mismatch(TargetLayer s, TargetLayer t) {
        if (s.kind() != t.kind() || t.kind() == TargetLayer.Kind.UNSUPPORTED && !s.params().keySet().equals(t.params().keySet())) {
            return "the zip's layer is " + s.kind().name().toLowerCase(Locale.ROOT) + " " + s.keys()
                    + ", the model's is " + t.kind().name().toLowerCase(Locale.ROOT) + " " + t.keys();
        }
        if (s.params().size() != t.params().size()) {
            return "the zip's layer has parameters " + s.keys() + ", the model's " + t.keys() + " (does one side have no bias?)";
        }
        List<String> from = s.keys();
        List<String> to = t.keys();
        for (int i = 0; i < to.size(); i++) {
            long[] a = s.params().get(from.get(i));
            long[] b = t.params().get(to.get(i));
            boolean vector = a.length <= 2 && b.length <= 2 && !to.get(i).equals("W");
            if (vector ? length(a) != length(b) : !Arrays.equals(a, b)) {
                return "parameter " + to.get(i) + " is " + Arrays.toString(a) + " in the zip but the model needs " + Arrays.toString(b);
            }
        }
        TargetLayer.Flatten fs = s.flatten();
        TargetLayer.Flatten ft = t.flatten();
        if (fs != null && ft != null && fs.channelsLast() != ft.channelsLast()
                && (fs.height() != ft.height() || fs.width() != ft.width() || fs.channels() != ft.channels())) {
            return "it follows a flatten of " + fs.height() + "x" + fs.width() + "x" + fs.channels() + " in the zip but of "
                    + ft.height() + "x" + ft.width() + "x" + ft.channels() + " in the model";
        }
        return null;
    }

    private static INDArray convert(TargetLayer s, String fromKey, TargetLayer t, String toKey, INDArray v) {
        INDArray out = v;
        if (fromKey.equals("var") && toKey.equals("log10stdev")) {
            out = Transforms.log(v, 10, true).muli(0.5);
        } else if (fromKey.equals("log10stdev") && toKey.equals("var")) {
            out = Transforms.pow(Nd4j.valueArrayOf(v.shape(), 10.0, v.dataType()), v.mul(2), false);
        } else if (toKey.equals("W") && s.flatten() != null && t.flatten() != null
                && s.flatten().channelsLast() != t.flatten().channelsLast()) {
            out = s.flatten().channelsLast() ? KerasLayout.channelsLastRowsToChannelsFirst(v, s.flatten())
                    : KerasLayout.channelsFirstRowsToChannelsLast(v, s.flatten());
        } else {
            out = v.dup();
        }
        return out.reshape(t.params().get(toKey));
    }

    private static void epsilonNotes(Pairing<TargetLayer> plan) {
        List<String> differ = new ArrayList<>();
        double zipEps = 0;
        double modelEps = 0;
        for (Pairing.Pair<TargetLayer> p : plan.pairs) {
            if (p.target().kind() == TargetLayer.Kind.BATCH_NORM && Math.abs(p.source().eps() - p.target().eps()) > 1e-12) {
                differ.add(p.target().name());
                zipEps = p.source().eps();
                modelEps = p.target().eps();
            }
        }
        if (!differ.isEmpty()) {
            plan.notes.add(differ.size() + " batch-norm layers use epsilon " + zipEps + " in the zip but " + modelEps
                    + " in the model (e.g. " + differ.get(0) + "); outputs differ slightly from the zip's own model");
        }
    }

    private static long length(long[] shape) {
        return Arrays.stream(shape).reduce(1, (a, b) -> a * b);
    }
}
