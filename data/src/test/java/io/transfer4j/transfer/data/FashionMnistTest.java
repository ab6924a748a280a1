package io.transfer4j.transfer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/** Fashion-MNIST from the real files in /usr/share/datasets/fashion-mnist (CI installs Debian's package). */
class FashionMnistTest {

    private static LabeledImages test;

    @BeforeAll
    static void load() {
        test = FashionMnist.at(FashionMnistFinder.SYSTEM_DIR).test();
    }

    @Test
    void realFilesHaveOfficialCountsAndHistogram() throws Exception {
        IdxReader.Idx trainLabels = IdxReader.read(FashionMnistFinder.SYSTEM_DIR.resolve("train-labels-idx1-ubyte.gz"));
        IdxReader.Idx trainImages = IdxReader.read(FashionMnistFinder.SYSTEM_DIR.resolve("train-images-idx3-ubyte.gz"));
        assertArrayEquals(new int[] {60_000}, trainLabels.dims());
        assertArrayEquals(new int[] {60_000, 28, 28}, trainImages.dims());
        int[] hist = new int[10];
        for (int i = 0; i < trainLabels.count(); i++) {
            hist[trainLabels.unsigned(i)]++;
        }
        int[] expected = new int[10];
        Arrays.fill(expected, 6_000);
        assertArrayEquals(expected, hist);

        assertEquals(10_000, test.size());
        assertArrayEquals(new long[] {10_000, 1, 28, 28}, test.features().shape());
        Arrays.fill(expected, 1_000);
        assertArrayEquals(expected, test.classCounts());
        // Raw pixel values 0..255, not normalised.
        assertEquals(255.0, test.features().maxNumber().doubleValue());
        assertEquals(0.0, test.features().minNumber().doubleValue());
        // First test image is an ankle boot (label 9) in the official file.
        assertEquals(9, test.labels()[0]);
    }

    @Test
    void filterRemapsLabelsInGivenOrder() {
        LabeledImages upper = test.filterClasses(5, 6, 7, 8, 9);
        assertEquals(5_000, upper.size());
        assertEquals(List.of("Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"), upper.classNames());
        assertEquals(4, upper.labels()[0]); // the ankle boot is now class 4
        assertArrayEquals(new int[] {1000, 1000, 1000, 1000, 1000}, upper.classCounts());
        // The image is carried along with its label.
        assertEquals(test.features().slice(0), upper.features().slice(0));
        assertThrows(IllegalArgumentException.class, () -> test.filterClasses(3, 3));
        assertThrows(IllegalArgumentException.class, () -> test.filterClasses(10));
    }

    @Test
    void fewShotSampleIsStratifiedAndSeeded() {
        LabeledImages a = test.filterClasses(0, 1, 2, 3, 4).sample(7, 42);
        LabeledImages b = test.filterClasses(0, 1, 2, 3, 4).sample(7, 42);
        LabeledImages c = test.filterClasses(0, 1, 2, 3, 4).sample(7, 43);
        assertEquals(35, a.size());
        assertArrayEquals(new int[] {7, 7, 7, 7, 7}, a.classCounts());
        assertEquals(a.features(), b.features());
        assertFalse(a.features().equals(c.features()));
        assertThrows(IllegalArgumentException.class, () -> a.sample(8, 1));
    }

    @Test
    void iteratorGivesOneHotBatches() {
        LabeledImages small = test.head(100);
        DataSetIterator it = small.scaled(1 / 255.0).iterator(32, true, 1);
        int n = 0;
        int batches = 0;
        while (it.hasNext()) {
            DataSet ds = it.next();
            assertEquals(10, ds.getLabels().size(1));
            assertEquals(ds.numExamples(), ds.getLabels().sumNumber().intValue());
            assertTrue(ds.getFeatures().maxNumber().doubleValue() <= 1.0);
            n += ds.numExamples();
            batches++;
        }
        assertEquals(100, n);
        assertEquals(4, batches);
        assertEquals(FashionMnist.CLASS_NAMES, it.getLabels());
        // Same seed, same batches; the next epoch is in another order; the images keep their labels.
        DataSetIterator again = small.scaled(1 / 255.0).iterator(32, true, 1);
        it.reset();
        DataSet epoch2 = it.next();
        DataSet first = again.next();
        assertFalse(first.getFeatures().equals(epoch2.getFeatures()));
        assertEquals(first.getFeatures(), small.scaled(1 / 255.0).iterator(32, true, 1).next().getFeatures());
        DataSetIterator plain = small.iterator(100, false, 0);
        DataSet all = plain.next();
        assertEquals(small.features(), all.getFeatures());
        for (int i = 0; i < 32; i++) {
            int row = -1;
            for (int j = 0; j < 100 && row < 0; j++) {
                if (all.getFeatures().slice(j).mul(1 / 255.0).equalsWithEps(first.getFeatures().slice(i), 1e-6)) {
                    row = j;
                }
            }
            assertTrue(row >= 0);
            assertEquals(all.getLabels().getRow(row), first.getLabels().getRow(i));
        }
    }

    @Test
    void forModelConvertsGrayToPreprocessedRgb() {
        LabeledImages two = test.head(2);
        LabeledImages ready = two.forModel(io.transfer4j.zoo.Preprocessing.caffe(56, 56));
        assertArrayEquals(new long[] {2, 3, 56, 56}, ready.features().shape());
        // Corner pixel of image 0 is background (0): every channel becomes 0 minus its caffe mean (B, G, R).
        assertEquals(0.0, test.features().getDouble(0, 0, 0, 0));
        assertEquals(-103.939, ready.features().getDouble(0, 0, 0, 0), 1e-3);
        assertEquals(-123.68, ready.features().getDouble(0, 2, 0, 0), 1e-3);
        // Doubling the size with half-pixel centres keeps the value of a pixel inside a flat 2x2 block.
        double mean = two.features().meanNumber().doubleValue();
        double back = ready.features().get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(1))
                .meanNumber().doubleValue() + 116.779;
        assertEquals(mean, back, 1.0);
        assertArrayEquals(two.labels(), ready.labels());
    }

    @Test
    void embeddedSubsetLoadsWhenNothingElseIsThere(@TempDir Path empty) {
        FashionMnist fm = FashionMnist.finder().systemDir(null).cacheDir(empty).download(false).find();
        assertEquals(FashionMnist.Origin.EMBEDDED, fm.origin());
        LabeledImages train = fm.train();
        LabeledImages t = fm.test();
        assertEquals(5_000, train.size());
        assertEquals(1_000, t.size());
        int[] hundred = new int[10];
        Arrays.fill(hundred, 100);
        assertArrayEquals(hundred, t.classCounts());
        // The subset is the first images of each class in file order: test image 0 is identical.
        assertEquals(test.features().slice(0), t.features().slice(0));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> FashionMnist.finder().systemDir(null).cacheDir(empty).download(false).embeddedFallback(false).find());
        assertTrue(e.getMessage().contains(empty.toString()), e.getMessage());
    }

    @Test
    void explicitDirectoryWithoutTheFilesIsNamed(@TempDir Path dir) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> FashionMnist.at(dir));
        assertTrue(e.getMessage().contains(dir.toString()) && e.getMessage().contains("t10k-labels-idx1-ubyte.gz"), e.getMessage());
    }

    @Test
    void truncatedOrForeignFilesAreNamed(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("x-idx1-ubyte");
        java.nio.file.Files.write(bad, new byte[] {0, 0, 8, 1, 0, 0, 0, 10, 1, 2});
        java.io.IOException e = assertThrows(java.io.IOException.class, () -> IdxReader.read(bad));
        assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains(bad.toString()), e.getMessage());
        Path png = dir.resolve("y");
        java.nio.file.Files.write(png, new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 0});
        e = assertThrows(java.io.IOException.class, () -> IdxReader.read(png));
        assertTrue(e.getMessage().contains("not an IDX file"), e.getMessage());
        // A gzip file whose compressed body is damaged.
        byte[] gz = java.nio.file.Files.readAllBytes(FashionMnistFinder.SYSTEM_DIR.resolve("t10k-labels-idx1-ubyte.gz"));
        for (int i = 40; i < 60; i++) {
            gz[i] ^= (byte) 0x5a;
        }
        Path damaged = dir.resolve("damaged.gz");
        java.nio.file.Files.write(damaged, gz);
        e = assertThrows(java.io.IOException.class, () -> IdxReader.read(damaged));
        assertTrue(e.getMessage().contains(damaged.toString()), e.getMessage());
    }
}
