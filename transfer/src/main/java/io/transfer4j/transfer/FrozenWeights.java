package io.transfer4j.transfer;

import io.transfer4j.transfer.io.AtomicFiles;
import io.transfer4j.zoo.weights.CacheSettings;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.FrozenLayer;
import org.deeplearning4j.nn.layers.FrozenLayerWithBackprop;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The frozen layers' weights of a model, kept once on disk and referenced by model files instead of being
 * copied into each of them: {@code <transfer4j home>/frozen-weights/<sha256>.bin}, the raw float32 values of
 * every frozen layer in graph order, named by the SHA-256 of those bytes (content-addressed, so models that share
 * a trunk share one file, and a changed trunk, e.g. after BatchNorm adaptation, is simply another file). A model
 * file then holds only its trainable layers (the head: kilobytes), saves in a fraction of a second and loads
 * offline; loading re-hashes the file and fails naming it when it is missing or its bytes differ.
 *
 * <pre>{@code
 * FrozenWeights ref = FrozenWeights.store(graph, CacheSettings.fromEnvironment().home());   // null: nothing frozen
 * ref.loadInto(graph, file);                                                              // verified
 * }</pre>
 */
final class FrozenWeights {
    /** Below this many frozen values a reference saves nothing worth a second file: the model embeds them. */
    static final long MIN_VALUES = 1 << 20;
    private static final String DIR = "frozen-weights";

    final String sha256;
    final long bytes;
    final List<String> layers;
    final Path store;

    FrozenWeights(String sha256, long bytes, List<String> layers, Path home) {
        this.sha256 = sha256;
        this.bytes = bytes;
        this.layers = List.copyOf(layers);
        this.store = home.resolve(DIR).resolve(sha256 + ".bin");
    }

    /** The transfer4j home the store lives in (TRANSFER4J_HOME / transfer4j.home, default ~/.transfer4j). */
    static Path home() {
        return CacheSettings.fromEnvironment().home();
    }

    /** The frozen layers with parameters, in graph order. */
    static List<String> frozenLayers(ComputationGraph graph) {
        List<String> out = new ArrayList<>();
        for (var v : graph.getVertices()) {
            Layer l = v.hasLayer() ? v.getLayer() : null;
            if ((l instanceof FrozenLayer || l instanceof FrozenLayerWithBackprop) && l.numParams() > 0) {
                out.add(v.getVertexName());
            }
        }
        return out;
    }

    /** The other layers with parameters (the ones a referencing model file holds itself), in graph order. */
    static List<String> ownLayers(ComputationGraph graph, List<String> referenced) {
        List<String> out = new ArrayList<>();
        for (var v : graph.getVertices()) {
            if (v.hasLayer() && v.getLayer().numParams() > 0 && !referenced.contains(v.getVertexName())) {
                out.add(v.getVertexName());
            }
        }
        return out;
    }

    /**
     * Writes the frozen layers' values into the store unless a file with the same content is there, and returns
     * the reference; null when the model has fewer than {@link #MIN_VALUES} frozen float32 values (nothing to gain).
     */
    static FrozenWeights store(ComputationGraph graph, Path home) throws IOException {
        List<String> names = frozenLayers(graph);
        long values = names.stream().mapToLong(n -> graph.getLayer(n).numParams()).sum();
        if (values < MIN_VALUES || graph.params().dataType() != DataType.FLOAT) {
            return null;
        }
        byte[] data = bytes(graph, names);
        FrozenWeights ref = new FrozenWeights(HexFormat.of().formatHex(sha256().digest(data)), data.length, names, home);
        if (!(Files.isRegularFile(ref.store) && Files.size(ref.store) == data.length)) {
            AtomicFiles.write(ref.store, out -> out.write(data));
        }
        return ref;
    }

    /** Reads the store file into the referenced layers of {@code graph}, checking its SHA-256 first. */
    void loadInto(ComputationGraph graph, Path modelFile) {
        byte[] data;
        MessageDigest md = sha256();
        try (InputStream in = new DigestInputStream(new BufferedInputStream(Files.newInputStream(store), 1 << 20), md)) {
            data = in.readNBytes(Math.toIntExact(bytes + 1));
        } catch (NoSuchFileException e) {
            throw new ModelFileException(modelFile, "model file " + modelFile + " references frozen weights it does not contain ("
                    + layers.size() + " layers, sha256 " + sha256 + ") and " + store + " is missing: copy that file from the"
                    + " machine that saved the model, or save the model there again with --standalone (ModelFile.saveStandalone)", e);
        } catch (IOException e) {
            throw new ModelFileException(modelFile, "cannot read the frozen weights " + store + " that " + modelFile
                    + " references: " + e.getMessage(), e);
        }
        String actual = HexFormat.of().formatHex(md.digest());
        if (data.length != bytes || !actual.equals(sha256)) {
            throw new ModelFileException(modelFile, "the frozen weights " + store + " that " + modelFile + " references differ from"
                    + " the ones it was saved with (sha256 " + actual + ", " + data.length + " bytes; expected " + sha256 + ", "
                    + bytes + " bytes): the file was changed or replaced. Restore it, or save the model again with --standalone", null);
        }
        if (!assign(graph, layers, data)) {
            throw new ModelFileException(modelFile, "model file " + modelFile + " references frozen weights of layers " + layers
                    + " that do not fit its configuration (missing layers or other sizes); the file is inconsistent", null);
        }
    }

    /** The parameters of {@code layers} as raw float32 values, little-endian, in that order. */
    static byte[] bytes(ComputationGraph graph, List<String> layers) {
        long values = layers.stream().mapToLong(n -> graph.getLayer(n).numParams()).sum();
        ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact(values * 4)).order(ByteOrder.LITTLE_ENDIAN);
        for (String n : layers) {
            INDArray p = graph.getLayer(n).params().castTo(DataType.FLOAT).dup('c');
            FloatBuffer v = p.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer().limit((int) p.length());
            buf.asFloatBuffer().put(v);                  // in bulk: asFloat() copies element by element
            buf.position(buf.position() + (int) p.length() * 4);
        }
        return buf.array();
    }

    /** Sets the parameters of {@code layers} from {@link #bytes}' layout; false when the sizes do not match. */
    static boolean assign(ComputationGraph graph, List<String> layers, byte[] data) {
        long values = 0;
        for (String n : layers) {
            if (graph.getLayer(n) == null) {
                return false;
            }
            values += graph.getLayer(n).numParams();
        }
        if (values * 4 != data.length) {
            return false;
        }
        ByteBuffer buf = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        for (String n : layers) {
            INDArray p = graph.getLayer(n).params();
            float[] v = new float[(int) p.length()];
            buf.asFloatBuffer().get(v);
            buf.position(buf.position() + v.length * 4);
            p.assign(Nd4j.create(v, p.shape(), p.ordering()));
        }
        return true;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
