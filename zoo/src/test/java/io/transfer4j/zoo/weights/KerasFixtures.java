package io.transfer4j.zoo.weights;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.stream.StreamSupport;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/** The committed fixtures written by zoo/src/test/python/make_keras_fixtures.py (h5py + numpy, not our code). */
final class KerasFixtures {
    private KerasFixtures() {
    }

    static Path file(String name) {
        try {
            return Path.of(KerasFixtures.class.getResource("/keras-fixtures/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("fixture " + name + " missing; run zoo/src/test/python/make_keras_fixtures.py", e);
        }
    }

    /** A numpy case: its input (converted NHWC → NCHW) and the output numpy computed. */
    record Case(INDArray inputNchw, INDArray expected, JsonNode json) {
    }

    static Case load(String name) {
        try {
            JsonNode j = new ObjectMapper().readTree(file(name + ".json").toFile());
            INDArray x = Nd4j.create(floats(j.get("input_nhwc")), longs(j.get("input_nhwc_shape"))).permute(0, 3, 1, 2).dup('c');
            INDArray y = Nd4j.create(floats(j.get("output")), longs(j.get("output_shape")));
            return new Case(x, y, j);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static float[] floats(JsonNode a) {
        float[] out = new float[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) a.get(i).asDouble();
        }
        return out;
    }

    private static long[] longs(JsonNode a) {
        return StreamSupport.stream(a.spliterator(), false).mapToLong(JsonNode::asLong).toArray();
    }
}
