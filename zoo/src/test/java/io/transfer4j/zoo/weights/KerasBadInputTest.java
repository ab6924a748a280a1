package io.transfer4j.zoo.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.transfer4j.dsl.Network;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Bad Keras weight files: each fails with the file, the layer and both shapes named, and the model untouched. */
class KerasBadInputTest {
    @TempDir
    Path dir;

    private static WeightLoadException loadFails(Path file, Network net, LoadOptions options) {
        INDArray before = net.graph().params().dup();
        WeightLoadException e = assertThrows(WeightLoadException.class, () -> KerasWeightsLoader.load(file, net, options));
        assertEquals(before, net.graph().params(), "a failed load must leave the model untouched");
        assertTrue(e.getMessage().contains(file.toString()), "names the file: " + e.getMessage());
        return e;
    }

    @Test
    void truncatedFile() throws IOException {
        byte[] full = Files.readAllBytes(KerasFixtures.file("conv_bn_dense_new.h5"));
        for (int cut : new int[] {full.length / 2, full.length - 200, 100}) {
            Path f = dir.resolve("cut" + cut + ".h5");
            Files.write(f, Arrays.copyOf(full, cut));
            var e = loadFails(f, KerasWeightsLoaderTest.convBnDense(), LoadOptions.strict());
            assertTrue(e.getMessage().contains("damaged or truncated") && e.getMessage().contains("again"), e.getMessage());
        }
    }

    @Test
    void notAnH5File() throws IOException {
        Path html = dir.resolve("vgg16.h5");
        Files.writeString(html, "<!DOCTYPE html><html><body>Access denied</body></html>");
        var e = loadFails(html, KerasWeightsLoaderTest.convBnDense(), LoadOptions.strict());
        assertTrue(e.getMessage().contains("not an HDF5") && e.getMessage().contains("HTML"), e.getMessage());

        Path empty = Files.createFile(dir.resolve("empty.h5"));
        assertTrue(loadFails(empty, KerasWeightsLoaderTest.convBnDense(), LoadOptions.strict()).getMessage().contains("empty"));

        Path zip = dir.resolve("model.h5");
        Files.write(zip, new byte[] {'P', 'K', 3, 4, 0, 0, 0, 0, 0, 0});
        assertTrue(loadFails(zip, KerasWeightsLoaderTest.convBnDense(), LoadOptions.strict()).getMessage().contains("zip"));

        Path missing = dir.resolve("nope.h5");
        assertTrue(loadFails(missing, KerasWeightsLoaderTest.convBnDense(), LoadOptions.strict()).getMessage().contains("does not exist"));
    }

    @Test
    void hdf5ButNotKeras() {
        var e = loadFails(KerasFixtures.file("not_keras.h5"), KerasWeightsLoaderTest.convBnDense(), LoadOptions.strict());
        assertTrue(e.getMessage().contains("layer_names") && e.getMessage().contains("images"), e.getMessage());
    }

    @Test
    void keras3WeightsFileIsNamedAsSuch() {
        var e = loadFails(KerasFixtures.file("keras3.weights.h5"), KerasWeightsLoaderTest.convBnDense(), LoadOptions.strict());
        assertTrue(e.getMessage().contains("Keras 3"), e.getMessage());
    }

    @Test
    void missingLayer() {
        var e = loadFails(KerasFixtures.file("bad_missing_layer.h5"), KerasWeightsLoaderTest.convBnDense(), LoadOptions.strict());
        assertTrue(e.getMessage().contains("model layers with no weights in the file: [fc1]"), e.getMessage());
        assertTrue(e.getMessage().contains("fix:"), e.getMessage());
    }

    @Test
    void extraLayer() {
        var e = loadFails(KerasFixtures.file("bad_extra_layer.h5"), KerasWeightsLoaderTest.convBnDense(), LoadOptions.strict());
        assertTrue(e.getMessage().contains("file layers the model does not have: [fc_extra]"), e.getMessage());
        // allowed when asked for (a headless model loading a file with a top)
        LoadReport r = KerasWeightsLoader.load(KerasFixtures.file("bad_extra_layer.h5"), KerasWeightsLoaderTest.convBnDense(),
                LoadOptions.strict().allowingExtra());
        assertEquals(4, r.mapped().size());
    }

    @Test
    void misShapedLayerNamesTheLayerAndBothShapes() {
        var e = loadFails(KerasFixtures.file("bad_shape.h5"), KerasWeightsLoaderTest.convBnDense(), LoadOptions.strict());
        assertTrue(e.getMessage().contains("layer 'conv_a'") && e.getMessage().contains("(3, 3, 3, 3)")
                && e.getMessage().contains("(3, 2, 3, 3)"), e.getMessage());
    }

    @Test
    void byOrderWithTooFewModelLayers() {
        Network small = Network.builder("small").input(6, 7, 3).conv(3, 3, 2).name("x").flatten().output(4).name("y").build();
        var e = loadFails(KerasFixtures.file("conv_bn_dense_old.h5"), small, LoadOptions.strict().mode(LoadMode.BY_ORDER));
        assertTrue(e.getMessage().contains("batchnormalization_1") || e.getMessage().contains("dense_1"), e.getMessage());
    }
}
