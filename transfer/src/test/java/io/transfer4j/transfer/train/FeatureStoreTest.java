package io.transfer4j.transfer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.transfer4j.dsl.Network;
import io.transfer4j.dsl.Updaters;
import io.transfer4j.transfer.TransferModel;
import io.transfer4j.transfer.TwoColourFolder;
import io.transfer4j.transfer.data.ImageFolder;
import io.transfer4j.transfer.data.ImageFolderData;
import io.transfer4j.transfer.data.LabeledFile;
import io.transfer4j.transfer.onnx.Engine;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.imageio.ImageIO;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The persistent feature store under the Trainer's feature cache, on a folder of 12x12 images and a one-conv
 * frozen trunk: trunk features are counted as the store's puts (every computed feature is stored).
 */
class FeatureStoreTest {
    @TempDir
    Path tmp;

    /** Counts what the cache reads and stores. */
    static final class Counting implements FeatureStore {
        final FeatureStore inner;
        final AtomicInteger hits = new AtomicInteger();
        final AtomicInteger puts = new AtomicInteger();
        final Set<String> stored = java.util.concurrent.ConcurrentHashMap.newKeySet();

        Counting(FeatureStore inner) {
            this.inner = inner;
        }

        @Override
        public INDArray get(String trunk, String image) {
            INDArray a = inner.get(trunk, image);
            if (a != null) {
                hits.incrementAndGet();
            }
            return a;
        }

        @Override
        public void put(String trunk, String image, INDArray features) {
            puts.incrementAndGet();
            stored.add(image);
            inner.put(trunk, image, features);
        }

        @Override
        public <T> T exclusive(String trunk, Supplier<T> work) {
            return inner.exclusive(trunk, work);
        }

        @Override
        public void trim() {
            inner.trim();
        }

        @Override
        public void describe(String trunk, String description) {
            inner.describe(trunk, description);
        }
    }

    /** 12x12 RGB: conv (frozen trunk) -> pool -> a head of {@code hidden} units -> output. */
    private static ComputationGraph model(int hidden) {
        Network net = Network.builder("tiny").seed(11).updater(Updaters.adam(1e-2)).input(12, 12, 3)
                .conv(4, 3).name("conv1").relu().globalAvgPool().name("gap")
                .dense(hidden).act(Activation.RELU).name("dense1").output(2).name("out").build();
        return TransferModel.from(net).freezeAllExcept("dense1", "out").graph();
    }

    private static ComputationGraph train(ImageFolderData data, int hidden, FeatureStore store) {
        ComputationGraph g = model(hidden);
        TrainingConfig c = TrainingConfig.builder(2).batchSize(4).seed(3).progressBar(false).engine(Engine.Kind.DL4J)
                .featureCaching(FeatureCaching.REQUIRED).featureStore(store).build();
        new Trainer(g, c).fit(data.train(), data.validation());
        return g;
    }

    private static ImageFolderData load(Path root, long splitSeed) {
        return ImageFolder.of(root).inputSize(12, 12, 3).split(0.6, 0.2, 0.2).seed(splitSeed).batchSize(4).load();
    }

    private static Set<Path> trainAndValidation(ImageFolderData d) {
        Set<Path> s = new HashSet<>();
        d.split().train().forEach(f -> s.add(f.path()));
        d.split().validation().forEach(f -> s.add(f.path()));
        return s;
    }

    @Test
    void aSecondRunWithAnotherHeadComputesNoTrunkFeaturesAndTrainsAsWithout() throws Exception {
        Path root = TwoColourFolder.write(tmp.resolve("imgs"), 10);
        ImageFolderData data = load(root, 5);
        int images = trainAndValidation(data).size();
        Counting first = new Counting(DiskFeatureStore.at(tmp.resolve("store"), 1L << 30));
        train(data, 8, first);
        assertEquals(images, first.puts.get(), "the cold run computes (and stores) every train and validation image");
        assertEquals(0, first.hits.get());

        Counting second = new Counting(DiskFeatureStore.at(tmp.resolve("store"), 1L << 30));
        ComputationGraph warm = train(data, 6, second);
        assertEquals(0, second.puts.get(), "the warm run computes no trunk features");
        assertEquals(images, second.hits.get());
        // features read back are the computed ones: the same training as with no store at all
        ComputationGraph plain = train(data, 6, null);
        assertEquals(0.0, warm.params().sub(plain.params()).amaxNumber().doubleValue(), 1e-6);

        // another split: only the images the first split held out (test) are new
        ImageFolderData other = load(root, 9);
        Set<Path> fresh = trainAndValidation(other);
        fresh.removeAll(trainAndValidation(data));
        Counting third = new Counting(DiskFeatureStore.at(tmp.resolve("store"), 1L << 30));
        train(other, 8, third);
        assertTrue(!fresh.isEmpty(), "the second split should hold some images out of the first's train+validation");
        assertEquals(fresh.size(), third.puts.get(), "only images new to the store are computed");
    }

    @Test
    void aChangedImageIsComputedAgain() throws Exception {
        Path root = TwoColourFolder.write(tmp.resolve("imgs"), 8);
        ImageFolderData data = load(root, 5);
        Path store = tmp.resolve("store");
        Counting first = new Counting(DiskFeatureStore.at(store, 1L << 30));
        train(data, 8, first);
        Path changed = data.split().train().get(0).path();
        BufferedImage img = ImageIO.read(changed.toFile());
        img.setRGB(3, 3, 0x00FF00);
        img.setRGB(8, 5, 0xFFFFFF);
        ImageIO.write(img, "png", changed.toFile());

        Counting second = new Counting(DiskFeatureStore.at(store, 1L << 30));
        train(data, 8, second);
        assertEquals(1, second.puts.get(), "exactly the changed image is recomputed");
        assertTrue(second.stored.stream().noneMatch(first.stored::contains), "it is stored under its new content hash");
    }

    @Test
    void twoStoresOnOneDirectoryInParallelComputeEachImageOnce() throws Exception {
        Path root = TwoColourFolder.write(tmp.resolve("imgs"), 10);
        ImageFolderData data = load(root, 5);
        int images = trainAndValidation(data).size();
        ComputationGraph plain = train(data, 8, null);
        Path dir = tmp.resolve("store");
        List<Counting> stores = List.of(new Counting(DiskFeatureStore.at(dir, 1L << 30)), new Counting(DiskFeatureStore.at(dir, 1L << 30)));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<ComputationGraph>> runs = new ArrayList<>();
            for (Counting s : stores) {
                runs.add(pool.submit(() -> train(data, 8, s)));
            }
            for (Future<ComputationGraph> r : runs) {
                assertEquals(0.0, r.get().params().sub(plain.params()).amaxNumber().doubleValue(), 1e-6,
                        "both runs train on the same features as a run without a store");
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(images, stores.get(0).puts.get() + stores.get(1).puts.get(), "no image computed twice");
        assertEquals(images, DiskFeatureStore.at(dir, 1L << 30).list().get(0).images());
    }

    @Test
    void evictionKeepsTheStoreUnderItsLimitDroppingTheLeastRecentlyUsed() throws Exception {
        Path dir = tmp.resolve("store");
        long fileBytes = 4 + 4 + 8 + 100 * 4;            // magic, rank, shape, 100 floats
        DiskFeatureStore store = DiskFeatureStore.at(dir, 4 * fileBytes + fileBytes / 2);
        for (int i = 0; i < 8; i++) {
            store.put("t", String.format("%02d", i) + "ab", Nd4j.ones(100).muli(i));
            Thread.sleep(15);         // distinct modification times: put order = use order
        }
        assertEquals(8 * fileBytes, store.sizeBytes());
        assertNotNull(store.get("t", "00ab"), "reading the oldest makes it the most recently used");
        store.trim();
        assertTrue(store.sizeBytes() <= store.limitBytes(), store.sizeBytes() + " > " + store.limitBytes());
        assertEquals(4 * fileBytes, store.sizeBytes());
        assertEquals(0.0, store.get("t", "00ab").sumNumber().doubleValue(), 0.0);
        for (String gone : List.of("01ab", "02ab", "03ab", "04ab")) {
            assertNull(store.get("t", gone), gone + " was least recently used");
        }
        assertEquals(700.0, store.get("t", "07ab").sumNumber().doubleValue(), 0.0);
        assertEquals(1, store.list().size());
        assertEquals(4 * fileBytes, store.clear());
        assertEquals(0, store.list().size());
    }

    @Test
    void aDamagedFileReadsAsMissing() throws Exception {
        DiskFeatureStore store = DiskFeatureStore.at(tmp.resolve("store"), 1L << 20);
        store.put("t", "abcd", Nd4j.ones(3, 2));
        assertEquals(List.of(3L, 2L), java.util.Arrays.stream(store.get("t", "abcd").shape()).boxed().toList());
        try (var files = Files.walk(store.dir())) {
            Path f = files.filter(p -> p.toString().endsWith(".f32")).findFirst().orElseThrow();
            Files.write(f, java.util.Arrays.copyOf(Files.readAllBytes(f), 20));
        }
        assertNull(store.get("t", "abcd"));
    }

    @Test
    void anUnwritableStoreComputesWithoutKeepingAndABadLimitIsNamed() throws Exception {
        Path notADir = Files.writeString(tmp.resolve("file"), "x");
        DiskFeatureStore store = DiskFeatureStore.at(notADir.resolve("features"), 1L << 20);
        store.put("t", "abcd", Nd4j.ones(3));               // warns once, does not throw
        assertNull(store.get("t", "abcd"));
        assertEquals(7, (int) store.exclusive("t", () -> 7));
        assertEquals(3L << 30, DiskFeatureStore.parseSize("3g"));
        assertEquals(500L << 20, DiskFeatureStore.parseSize(" 500M "));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> DiskFeatureStore.parseSize("two gigs"));
        assertTrue(e.getMessage().contains("two gigs") && e.getMessage().contains(DiskFeatureStore.LIMIT_PROPERTY), e.getMessage());
    }

}
