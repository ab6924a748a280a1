package io.transfer4j.zoo.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.transfer4j.zoo.Preprocessing;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Importing a file the user already has: accepted only with the pinned checksum. */
class ImportTest {
    @TempDir
    Path home;
    @TempDir
    Path downloads;

    private final byte[] body = Fixtures.bytes(120_000, 60);

    private ModelCache offlineCache(WeightRegistry registry) {
        return new ModelCache(new CacheSettings(home, true, Map.of(), Fixtures.FAST), registry, DownloadListener.none());
    }

    private static WeightTag adlerTag(String name, byte[] content) {
        Hasher h = HashAlgorithm.ADLER32.newHasher();
        h.update(content, 0, content.length);
        return WeightTag.builder("m:" + name).source(WeightSource.DL4J).path("models/" + name + ".zip")
                .hash(HashAlgorithm.ADLER32, h.value()).format(WeightFormat.DL4J_ZIP).includeTop(true).numClasses(1000)
                .preprocessing(Preprocessing.caffe(224, 224)).labels("imagenet").build();
    }

    @Test
    void aFileWithTheRightHashIsCopiedInAndThenUsedOffline() throws Exception {
        WeightTag tag = adlerTag("a", body);
        Path src = Files.write(downloads.resolve("whatever-name.zip"), body);
        ModelCache cache = offlineCache(new WeightRegistry());

        Path cached = cache.importFile(tag, src);
        assertEquals(home.resolve("models/dl4j/a.zip"), cached);
        assertArrayEquals(body, Files.readAllBytes(cached));
        assertTrue(Files.exists(src), "the user's file is copied, not moved");
        assertEquals(cached, cache.resolve(tag));
        assertFalse(Files.exists(cached.resolveSibling("a.zip.import")));
    }

    @Test
    void aFileWithTheWrongHashIsRefusedAndTheCacheUntouched() throws Exception {
        WeightTag tag = adlerTag("a", body);
        ModelCache cache = offlineCache(new WeightRegistry());
        cache.importFile(tag, Files.write(downloads.resolve("good.zip"), body));
        Path bad = Files.write(downloads.resolve("bad.zip"), Fixtures.bytes(120_000, 61));

        HashMismatchException e = assertThrows(HashMismatchException.class, () -> cache.importFile(tag, bad));
        String m = e.getMessage();
        assertTrue(m.contains("cannot import " + bad + " as m:a: its adler32 is " + e.actual() + ", expected " + tag.hash()), m);
        assertTrue(m.contains("https://dl4jdata.blob.core.windows.net/models/a.zip") && m.contains("Nothing was changed"), m);
        assertArrayEquals(body, Files.readAllBytes(cache.expectedPath(tag)), "the good copy survives");
        assertFalse(Files.exists(cache.expectedPath(tag).resolveSibling("a.zip.import")));
    }

    @Test
    void importingTheFileOfAnotherTagNamesThatTag() throws Exception {
        byte[] other = Fixtures.bytes(1000, 62);
        WeightRegistry reg = new WeightRegistry().register(adlerTag("a", body)).register(adlerTag("b", other));
        Path src = Files.write(downloads.resolve("b.zip"), other);
        HashMismatchException e = assertThrows(HashMismatchException.class, () -> offlineCache(reg).importFile(reg.get("m:a"), src));
        assertTrue(e.getMessage().contains("this file is m:b: import it under that tag"), e.getMessage());
    }

    @Test
    void aMissingOrDirectoryArgumentIsNamed() {
        WeightTag tag = adlerTag("a", body);
        ModelCache cache = offlineCache(new WeightRegistry());
        WeightsException missing = assertThrows(WeightsException.class, () -> cache.importFile(tag, downloads.resolve("nope.zip")));
        assertTrue(missing.getMessage().contains(downloads.resolve("nope.zip") + " as m:a: no such file"), missing.getMessage());
        WeightsException dir = assertThrows(WeightsException.class, () -> cache.importFile(tag, downloads));
        assertTrue(dir.getMessage().contains("it is a directory"), dir.getMessage());
    }

    @Test
    void importReplacesACorruptCachedCopy() throws Exception {
        WeightTag tag = adlerTag("a", body);
        ModelCache cache = offlineCache(new WeightRegistry());
        Files.createDirectories(cache.expectedPath(tag).getParent());
        Files.write(cache.expectedPath(tag), new byte[10]);
        cache.importFile(tag, Files.write(downloads.resolve("a.zip"), body));
        assertEquals(cache.expectedPath(tag), cache.resolve(tag));
        assertArrayEquals(body, Files.readAllBytes(cache.expectedPath(tag)));
    }

    @Test
    void theRealDl4jTagsArePinnedToTheirAdler32() {
        WeightTag vgg = WeightRegistry.defaults().get("vgg16:dl4j-imagenet");
        assertEquals(URI.create("https://dl4jdata.blob.core.windows.net/models/vgg16_dl4j_inference.zip"), vgg.defaultUrl().orElseThrow());
        assertEquals("3501732770", vgg.hash());
        assertEquals(HashAlgorithm.ADLER32, vgg.hashAlgorithm());
    }
}
