package io.transfer4j.zoo.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.transfer4j.dsl.Network;
import io.transfer4j.dsl.Shape;
import io.transfer4j.zoo.ModelBuilder;
import io.transfer4j.zoo.ModelInfo;
import io.transfer4j.zoo.Preprocessing;
import io.transfer4j.zoo.Zoo;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code Zoo.model(..).weights(tag).build()} end to end, offline: the tag is resolved in the registry, the file
 * comes from the verified cache (imported, as a user without network would), and is loaded strictly. The
 * model is the numpy fixture network registered as a zoo model, so the result is checked against numpy.
 */
class ZooWeightsTest {
    static final String MODEL = "kerasfixture";
    static final String TAG = MODEL + ":numpy";

    @TempDir
    Path dir;

    @BeforeAll
    static void register() throws IOException {
        synchronized (Zoo.class) {
            if (!Zoo.names().contains(MODEL)) {
                Zoo.register(new ModelInfo(MODEL, Shape.image(6, 7, 3), 4, "predictions", "bn_a", 3, Preprocessing.unit(6, 7, 3)),
                        o -> KerasWeightsLoaderTest.convBnDense());
            }
            if (WeightRegistry.defaults().find(TAG).isEmpty()) {
                WeightRegistry.defaults().register(WeightTag.builder(TAG).source(WeightSource.LOCAL).fileName("conv_bn_dense_new.h5")
                        .hash(HashAlgorithm.MD5, HashAlgorithm.MD5.hash(KerasFixtures.file("conv_bn_dense_new.h5")))
                        .format(WeightFormat.KERAS_H5).includeTop(true).numClasses(4).preprocessing(Preprocessing.unit(6, 7, 3))
                        .build());
            }
        }
    }

    /** The zoo registry is global: leave it as found, so tests over the registry see only the real models. */
    @AfterAll
    static void unregister() {
        Zoo.unregister(MODEL);
    }

    private ModelCache cache() {
        return new ModelCache(CacheSettings.fromEnvironment().withHome(dir.resolve("home")).withOffline(true),
                WeightRegistry.defaults(), DownloadListener.none());
    }

    private static void assertMatchesNumpy(Network net) {
        var c = KerasFixtures.load("conv_bn_dense");
        KerasWeightsLoaderTest.assertClose(c.expected(), net.graph().outputSingle(c.inputNchw()));
    }

    @Test
    void tagResolvedFetchedFromTheCacheAndLoadedStrictly() {
        ModelCache cache = cache();
        cache.importFile(WeightRegistry.defaults().get(TAG), KerasFixtures.file("conv_bn_dense_new.h5"));
        ModelBuilder b = Zoo.model(MODEL).weights("numpy").cache(cache);
        Network net = b.build();
        assertTrue(b.loadReport().complete(), b.loadReport()::toString);
        assertMatchesNumpy(net);
    }

    @Test
    void missingFromAnOfflineCacheSaysWhereAndHow() {
        var e = assertThrows(WeightsException.class, () -> Zoo.model(MODEL).weights("numpy").cache(cache()).build());
        assertTrue(e.getMessage().contains("conv_bn_dense_new.h5") && e.getMessage().contains("import " + TAG), e.getMessage());
    }

    @Test
    void wrongHashIsRefusedAtImport() {
        var e = assertThrows(HashMismatchException.class,
                () -> cache().importFile(WeightRegistry.defaults().get(TAG), KerasFixtures.file("conv_bn_dense_old.h5")));
        assertTrue(e.getMessage().contains("conv_bn_dense_old.h5") && e.getMessage().contains(e.expected()), e.getMessage());
    }

    @Test
    void corruptCachedFileIsNeverLoaded() throws IOException {
        ModelCache cache = cache();
        Path cached = cache.importFile(WeightRegistry.defaults().get(TAG), KerasFixtures.file("conv_bn_dense_new.h5"));
        byte[] bytes = Files.readAllBytes(cached);
        bytes[bytes.length - 100] ^= 0x5a;                       // same size, one byte flipped
        Files.write(cached, bytes);
        Files.setLastModifiedTime(cached, java.nio.file.attribute.FileTime.from(
                Files.getLastModifiedTime(cached).toInstant().plusSeconds(5)));
        var e = assertThrows(WeightsException.class, () -> Zoo.model(MODEL).weights("numpy").cache(cache).build());
        assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
    }

    @Test
    void unknownTagListsTheKnownOnes() {
        var e = assertThrows(IllegalArgumentException.class, () -> Zoo.vgg16().weights("imagenet21k").build());
        assertTrue(e.getMessage().contains("vgg16:imagenet21k") && e.getMessage().contains("vgg16:imagenet"), e.getMessage());
    }

    @Test
    void headlessModelsGetTheNotopFile() {
        WeightRegistry r = WeightRegistry.defaults();
        assertEquals("vgg16:imagenet-notop", PretrainedWeights.resolveTag(r, "vgg16", "imagenet", false).tag());
        assertEquals("resnet50:imagenet", PretrainedWeights.resolveTag(r, "resnet50", "imagenet", true).tag());
        assertEquals("resnet50:dl4j-imagenet", PretrainedWeights.resolveTag(r, "resnet50", "dl4j-imagenet", false).tag());
        var e = assertThrows(IllegalArgumentException.class, () -> PretrainedWeights.resolveTag(r, "vgg16", "imagenet-notop", true));
        assertTrue(e.getMessage().contains("includeTop(false)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PretrainedWeights.resolveTag(r, "vgg16", "resnet50:imagenet", true));
        assertTrue(e.getMessage().contains("another model"), e.getMessage());
    }

    /** A local file in any of the three formats: Keras h5, DL4J zip, transfer4j zip. */
    @Test
    void localFilesOfEveryFormat() throws IOException {
        Path h5 = KerasFixtures.file("conv_bn_dense_new.h5");
        assertEquals(WeightFormat.KERAS_H5, WeightFiles.detect(h5));
        Network fromH5 = Zoo.model(MODEL).weights(h5).build();
        assertMatchesNumpy(fromH5);

        Path dl4j = dir.resolve("fixture.zip");
        ModelSerializer.writeModel(fromH5.graph(), dl4j.toFile(), false);
        assertEquals(WeightFormat.DL4J_ZIP, WeightFiles.detect(dl4j));
        assertMatchesNumpy(Zoo.model(MODEL).weights(dl4j).build());

        Path own = transfer4jZip(dl4j, "fixture-transfer4j.zip", 1);
        assertEquals(WeightFormat.TRANSFER4J, WeightFiles.detect(own));
        assertMatchesNumpy(Zoo.model(MODEL).weights(own).build());

        Path newer = transfer4jZip(dl4j, "from-the-future.zip", WeightFiles.TRANSFER4J_FORMAT_VERSION + 1);
        var e = assertThrows(WeightLoadException.class, () -> Zoo.model(MODEL).weights(newer).build());
        assertTrue(e.getMessage().contains("newer transfer4j") && e.getMessage().contains("from-the-future.zip"), e.getMessage());
    }

    /** A DL4J zip plus transfer4j.json, as the transfer module's ModelFile writes it. */
    private Path transfer4jZip(Path dl4j, String name, int version) throws IOException {
        Path own = dir.resolve(name);
        try (ZipFile in = new ZipFile(dl4j.toFile()); OutputStream os = Files.newOutputStream(own); ZipOutputStream out = new ZipOutputStream(os)) {
            for (ZipEntry e : java.util.Collections.list(in.entries())) {
                out.putNextEntry(new ZipEntry(e.getName()));
                out.write(in.getInputStream(e).readAllBytes());
            }
            out.putNextEntry(new ZipEntry(WeightFiles.TRANSFER4J_METADATA));
            out.write(("{\"format\":\"transfer4j-model\",\"formatVersion\":" + version + "}").getBytes(StandardCharsets.UTF_8));
        }
        return own;
    }

    @Test
    void badLocalFiles() throws IOException {
        Path html = Files.writeString(dir.resolve("weights.bin"), "<html>404</html>");
        var e = assertThrows(WeightLoadException.class, () -> Zoo.model(MODEL).weights(html).build());
        assertTrue(e.getMessage().contains("weights.bin") && e.getMessage().contains("no known weight format"), e.getMessage());
        var e2 = assertThrows(WeightLoadException.class, () -> Zoo.model(MODEL).weights(dir.resolve("absent.h5")).build());
        assertTrue(e2.getMessage().contains("absent.h5") && e2.getMessage().contains("does not exist"), e2.getMessage());
        // a zip cut short: it starts like one but has no central directory
        Path zip = dir.resolve("cut.zip");
        ModelSerializer.writeModel(KerasWeightsLoaderTest.convBnDense().graph(), zip.toFile(), false);
        byte[] bytes = Files.readAllBytes(zip);
        Files.write(zip, java.util.Arrays.copyOf(bytes, bytes.length / 3));
        var e4 = assertThrows(WeightLoadException.class, () -> Zoo.model(MODEL).weights(zip).build());
        assertTrue(e4.getMessage().contains("cut.zip") && e4.getMessage().contains("truncated"), e4.getMessage());
        // a file whose content is not the format its tag declares (e.g. a zip saved under the .h5 name)
        Path h5 = KerasFixtures.file("conv_bn_dense_new.h5");
        var e3 = assertThrows(WeightLoadException.class, () -> WeightFiles.load(h5, WeightFormat.DL4J_ZIP, MODEL,
                KerasWeightsLoaderTest.convBnDense().graph(), LoadOptions.strict()));
        assertTrue(e3.getMessage().contains("is a KERAS_H5 file but DL4J_ZIP was expected"), e3.getMessage());
    }
}
