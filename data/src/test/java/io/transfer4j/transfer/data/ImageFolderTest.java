package io.transfer4j.transfer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.transfer4j.zoo.Preprocessing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/** The image-folder pipeline on a tree written by the test: PNG, JPEG, BMP; RGB, gray, RGBA, 16-bit; bad files. */
class ImageFolderTest {

    @TempDir
    static Path tmp;
    static Path roads;

    @BeforeAll
    static void writeTree() throws Exception {
        roads = tmp.resolve("roads");
        Path cob = roads.resolve("cobblestone");
        for (int i = 0; i < 8; i++) {
            TestImages.pattern(cob.resolve("c" + i + ".png"), 24 + i, 20, 0xff4020, "png");
        }
        TestImages.gray(cob.resolve("gray.png"), 20, 20, 77, "png");
        TestImages.rgba(cob.resolve("alpha.png"), 20, 20, 0x80ff0000);
        Path inter = roads.resolve("interlocking");
        for (int i = 0; i < 8; i++) {
            TestImages.pattern(inter.resolve("i" + i + ".jpg"), 20, 24 + i, 0x20ff40, "jpg");
        }
        TestImages.gray(inter.resolve("gray.jpeg"), 20, 20, 150, "jpg");
        TestImages.gray16(inter.resolve("deep.png"), 20, 20, 65535);
        Path unp = roads.resolve("unpaved");
        for (int i = 0; i < 10; i++) {
            TestImages.pattern(unp.resolve("u" + i + (i % 2 == 0 ? ".bmp" : ".PNG")), 22, 22, 0x2040ff, i % 2 == 0 ? "bmp" : "png");
        }
        Files.write(unp.resolve("broken.png"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        Files.writeString(unp.resolve("fake.jpg"), "this is text, not a JPEG");
        Files.writeString(unp.resolve("notes.txt"), "not an image");
        Files.writeString(unp.resolve(".DS_Store"), "mac metadata");
        // Hidden folders are not data: neither a class (.git) nor images inside a class (.thumbnails).
        TestImages.rgb(unp.resolve(".thumbnails/t.png"), 4, 4, 0, "png");
        TestImages.rgb(roads.resolve(".git/x.png"), 4, 4, 0, "png");
    }

    private static ImageFolder folder() {
        return ImageFolder.of(roads).inputSize(16, 16, 3).split(0.6, 0.2, 0.2).seed(7).batchSize(8).prefetch(0);
    }

    @Test
    void discoversSortedClassesAndReportsBadFiles() {
        FolderScan scan = FolderScan.of(roads);
        assertEquals(List.of("cobblestone", "interlocking", "unpaved"), scan.classNames());
        assertArrayEquals(new int[] {10, 10, 10}, scan.counts());
        Set<String> rejected = new HashSet<>();
        scan.rejected().forEach(r -> rejected.add(r.path().getFileName().toString()));
        assertEquals(Set.of("broken.png", "fake.jpg"), rejected);
        assertEquals(List.of(roads.resolve("unpaved/notes.txt")), scan.ignored());
        String report = scan.report();
        assertTrue(report.contains("cobblestone") && report.contains("broken.png") && report.contains("33.3%"), report);
        assertFalse(scan.isImbalanced());
    }

    @Test
    void splitIsStratifiedDisjointAndComplete() {
        DataSplit split = folder().load().split();
        assertEquals(18, split.train().size());
        assertEquals(6, split.validation().size());
        assertEquals(6, split.test().size());
        assertArrayEquals(new int[] {6, 6, 6}, DataSplit.classCounts(split.train(), 3));
        assertArrayEquals(new int[] {2, 2, 2}, DataSplit.classCounts(split.validation(), 3));
        assertArrayEquals(new int[] {2, 2, 2}, DataSplit.classCounts(split.test(), 3));
        Set<Path> all = new HashSet<>();
        for (List<LabeledFile> s : List.of(split.train(), split.validation(), split.test())) {
            for (LabeledFile f : s) {
                assertTrue(all.add(f.path()), "file in two subsets: " + f);
                assertEquals(split.classNames().get(f.label()), roads.relativize(f.path()).getName(0).toString());
            }
        }
        assertEquals(30, all.size());
        String report = folder().load().report();
        assertTrue(report.contains("train 18, validation 6, test 6") && report.matches("(?s).*interlocking\\s+6\\s+2\\s+2.*"), report);
    }

    @Test
    void sameSeedSameSplitAndBatches() {
        ImageFolderData a = folder().load();
        ImageFolderData b = folder().load();
        ImageFolderData c = folder().seed(8).load();
        assertEquals(a.split(), b.split());
        assertNotEquals(a.split().test(), c.split().test());
        DataSet da = a.train().next();
        DataSet db = b.train().next();
        assertEquals(da.getFeatures(), db.getFeatures());
        assertEquals(da.getLabels(), db.getLabels());
    }

    @Test
    void savedSplitReloadsTheSame() {
        Path file = tmp.resolve("split.txt");
        ImageFolderData a = folder().splitFile(file).load();
        assertTrue(Files.exists(file));
        // A different seed is ignored once the split file exists.
        ImageFolderData b = folder().seed(12345).splitFile(file).load();
        assertEquals(a.split(), b.split());
        assertEquals(a.split(), DataSplit.load(file, roads));
    }

    @Test
    void splitFileProblemsAreNamed() throws Exception {
        Path file = tmp.resolve("split-missing.txt");
        folder().load().saveSplit(file);
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        lines.add("test\tunpaved/gone.png");
        Files.write(file, lines);
        ImageFolderException e = assertThrows(ImageFolderException.class, () -> DataSplit.load(file, roads));
        assertTrue(e.getMessage().contains("gone.png") && e.getMessage().contains("no longer exist"), e.getMessage());
        Path other = tmp.resolve("split-classes.txt");
        Files.write(other, List.of("# transfer4j split v1", "classes\tcobblestone\tunpaved", "train\tcobblestone/c0.png"));
        e = assertThrows(ImageFolderException.class, () -> folder().splitFile(other).load());
        assertTrue(e.getMessage().contains("delete the split file"), e.getMessage());
        Path junk = tmp.resolve("junk.txt");
        Files.writeString(junk, "hello");
        e = assertThrows(ImageFolderException.class, () -> DataSplit.load(junk, roads));
        assertTrue(e.getMessage().contains("not a transfer4j split file"), e.getMessage());
    }

    @Test
    void augmentationChangesPixelsNotLabelsAndIsReproducible() {
        ImageFolderData plain = folder().load();
        ImageFolderData augmented = folder().augment(Augment.standard().verticalFlip(true)).load();
        DataSet p = plain.train().next();
        DataSet a1 = augmented.train().next();
        DataSet a2 = folder().augment(Augment.standard().verticalFlip(true)).load().train().next();
        assertEquals(p.getLabels(), a1.getLabels());
        assertNotEquals(p.getFeatures(), a1.getFeatures());
        assertEquals(a1.getFeatures(), a2.getFeatures());
        // Evaluation subsets are never augmented.
        assertEquals(plain.test().next().getFeatures(), augmented.test().next().getFeatures());
        // A new epoch draws new augmentations.
        DataSetIterator it = augmented.train();
        INDArray epoch1 = it.next().getFeatures();
        it.reset();
        assertNotEquals(epoch1, it.next().getFeatures());
    }

    @Test
    void caffePreprocessingMatchesHandComputation(@TempDir Path dir) throws Exception {
        for (String cls : new String[] {"a", "b"}) {
            for (int i = 0; i < 3; i++) {
                TestImages.rgb(dir.resolve(cls).resolve(i + ".png"), 10, 10, 0xC86432, "png"); // R=200, G=100, B=50
            }
        }
        ImageFolderData data = ImageFolder.of(dir).preprocessing(Preprocessing.caffe(8, 8)).split(1.0, 0, 0).prefetch(0).load();
        INDArray x = data.train().next().getFeatures();
        assertArrayEquals(new long[] {6, 3, 8, 8}, x.shape());
        // caffe: BGR order, minus the ImageNet means (103.939, 116.779, 123.68).
        assertEquals(50 - 103.939, x.getDouble(0, 0, 3, 4), 1e-3);
        assertEquals(100 - 116.779, x.getDouble(0, 1, 3, 4), 1e-3);
        assertEquals(200 - 123.68, x.getDouble(0, 2, 3, 4), 1e-3);
        // torch mode: RGB, /255, minus mean, over std.
        INDArray t = ImageFolder.of(dir).preprocessing(Preprocessing.torch(8, 8)).split(1.0, 0, 0).prefetch(0).load().train().next().getFeatures();
        assertEquals((200 / 255.0 - 0.485) / 0.229, t.getDouble(0, 0, 2, 2), 1e-4);
        assertEquals((50 / 255.0 - 0.406) / 0.225, t.getDouble(0, 2, 2, 2), 1e-4);
    }

    @Test
    void grayColourAlphaAnd16BitAreConverted() throws Exception {
        ImagePipeline rgb = new ImagePipeline(8, 8, 3, false, null);
        INDArray gray = rgb.load(roads.resolve("cobblestone/gray.png"), null);
        assertArrayEquals(new long[] {1, 3, 8, 8}, gray.shape());
        for (int c = 0; c < 3; c++) {
            assertEquals(77, gray.getDouble(0, c, 4, 4), 1e-6, "gray to RGB copies the value to every channel");
        }
        INDArray alpha = rgb.load(roads.resolve("cobblestone/alpha.png"), null);
        assertEquals(255, alpha.getDouble(0, 0, 4, 4), 1e-6, "red survives, alpha dropped");
        assertEquals(0, alpha.getDouble(0, 1, 4, 4), 1e-6);
        assertEquals(0, alpha.getDouble(0, 2, 4, 4), 1e-6);
        INDArray deep = rgb.load(roads.resolve("interlocking/deep.png"), null);
        assertEquals(255, deep.getDouble(0, 0, 4, 4), 1e-6, "16-bit 65535 scaled to 255");
        ImagePipeline mono = new ImagePipeline(8, 8, 1, false, null);
        Path colour = TestImages.rgb(tmp.resolve("solo/colour.png"), 8, 8, 0xC86432, "png");
        double expected = 0.299 * 200 + 0.587 * 100 + 0.114 * 50;
        assertEquals(expected, mono.load(colour, null).getDouble(0, 0, 3, 3), 1.0, "RGB to gray uses luma weights");
        Path half = TestImages.gray16(tmp.resolve("solo/half.png"), 8, 8, 32896);
        assertEquals(128, mono.load(half, null).getDouble(0, 0, 3, 3), 1e-6);
    }

    @Test
    void centerCropKeepsTheMiddle(@TempDir Path dir) throws Exception {
        // 30 wide x 10 high: left third red, middle green, right third blue. A square centre crop is all green.
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(30, 10, java.awt.image.BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 10; y++) {
            for (int x = 0; x < 30; x++) {
                img.setRGB(x, y, x < 10 ? 0xff0000 : x < 20 ? 0x00ff00 : 0x0000ff);
            }
        }
        Path f = dir.resolve("wide.png");
        javax.imageio.ImageIO.write(img, "png", f.toFile());
        INDArray cropped = new ImagePipeline(5, 5, 3, true, null).load(f, null);
        assertEquals(0, cropped.getDouble(0, 0, 2, 0), 1e-6);
        assertEquals(255, cropped.getDouble(0, 1, 2, 0), 1e-6);
        assertEquals(0, cropped.getDouble(0, 2, 2, 4), 1e-6);
        INDArray stretched = new ImagePipeline(5, 5, 3, false, null).load(f, null);
        assertEquals(255, stretched.getDouble(0, 0, 2, 0), 1e-6);
    }

    @Test
    void iteratorsGiveOneHotLabelsAndPrefetch() {
        ImageFolderData data = folder().prefetch(2).load();
        DataSetIterator it = data.train();
        assertEquals(data.classNames(), it.getLabels());
        int n = 0;
        while (it.hasNext()) {
            DataSet ds = it.next();
            assertArrayEquals(new long[] {ds.numExamples(), 3, 16, 16}, ds.getFeatures().shape());
            assertEquals(ds.numExamples(), ds.getLabels().sumNumber().intValue());
            assertTrue(ds.getFeatures().maxNumber().doubleValue() <= 1.0 && ds.getFeatures().minNumber().doubleValue() >= 0);
            n += ds.numExamples();
        }
        assertEquals(18, n);
        it.reset();
        assertTrue(it.hasNext());
    }

    @Test
    void iteratorsDriveDl4jTrainingAndEvaluation() {
        ImageFolderData data = folder().prefetch(2).augment(Augment.standard()).load();
        org.deeplearning4j.nn.graph.ComputationGraph graph = io.transfer4j.dsl.Network.builder("tiny").seed(1)
                .updater(io.transfer4j.dsl.Updaters.adam(1e-2)).input(16, 16, 3).conv(4, 3).relu().globalAvgPool()
                .output(data.numClasses()).build().graph();
        graph.fit(data.train(), 2);
        org.nd4j.evaluation.classification.Evaluation eval = graph.evaluate(data.test());
        assertEquals(6, eval.getConfusionMatrix().getPredictedTotal(0) + eval.getConfusionMatrix().getPredictedTotal(1)
                + eval.getConfusionMatrix().getPredictedTotal(2));
        assertEquals(data.classNames(), eval.getLabelsList());
    }

    @Test
    void corruptFileFoundWhileDecodingIsSkippedOrFails(@TempDir Path dir) throws Exception {
        Path good = TestImages.pattern(dir.resolve("a/good.png"), 64, 64, 0xffffff, "png");
        TestImages.pattern(dir.resolve("b/good.png"), 64, 64, 0x808080, "png");
        // The header is intact (passes the scan), the pixel data is cut off.
        Path cut = TestImages.truncated(dir.resolve("a/cut.png"), good, 0.3);
        List<LabeledFile> files = List.of(new LabeledFile(good, 0), new LabeledFile(cut, 0));
        ImageFolderIterator skip = new ImageFolderIterator(files, List.of("a", "b"), new ImagePipeline(8, 8, 3, false, null),
                Preprocessing.unit(8, 8, 3), 4, false, 1, BadFilePolicy.SKIP_WITH_WARNING);
        assertEquals(1, skip.next().numExamples());
        assertFalse(skip.hasNext());
        assertEquals(List.of(cut), skip.skipped().stream().map(RejectedFile::path).toList());
        ImageFolderIterator fail = new ImageFolderIterator(files, List.of("a", "b"), new ImagePipeline(8, 8, 3, false, null),
                Preprocessing.unit(8, 8, 3), 4, false, 1, BadFilePolicy.FAIL);
        ImageFolderException e = assertThrows(ImageFolderException.class, fail::next);
        assertTrue(e.getMessage().contains("cut.png"), e.getMessage());
    }

    @Test
    void decodeFailureUnderPrefetchReachesTheConsumer(@TempDir Path dir) throws Exception {
        for (int i = 0; i < 6; i++) {
            TestImages.pattern(dir.resolve("a/" + i + ".png"), 32, 32, 0xff8040, "png");
            TestImages.pattern(dir.resolve("b/" + i + ".png"), 32, 32, 0x4080ff, "png");
        }
        TestImages.truncated(dir.resolve("b/zz-cut.png"), dir.resolve("b/0.png"), 0.3);
        ImageFolder f = ImageFolder.of(dir).inputSize(8, 8, 3).split(1.0, 0, 0).batchSize(2).prefetch(2);
        // DL4J's own AsyncDataSetIterator would block forever here; the error must arrive instead.
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(120), () -> {
            DataSetIterator failing = f.onBadFile(BadFilePolicy.FAIL).load().train();
            ImageFolderException e = assertThrows(ImageFolderException.class, () -> {
                while (failing.hasNext()) {
                    failing.next();
                }
            });
            assertTrue(e.getMessage().contains("zz-cut.png"), e.getMessage());
            DataSetIterator skipping = f.onBadFile(BadFilePolicy.SKIP_WITH_WARNING).load().train();
            int n = 0;
            while (skipping.hasNext()) {
                n += skipping.next().numExamples();
            }
            assertEquals(12, n);
        });
    }

    @Test
    void failPolicyListsEveryBadFile() {
        ImageFolderException e = assertThrows(ImageFolderException.class, () -> folder().onBadFile(BadFilePolicy.FAIL).load());
        assertTrue(e.getMessage().contains("broken.png") && e.getMessage().contains("fake.jpg"), e.getMessage());
    }

    @Test
    void hugeImagesAreRefusedFromTheHeader(@TempDir Path dir) throws Exception {
        for (String cls : new String[] {"a", "b"}) {
            TestImages.rgb(dir.resolve(cls).resolve("ok.png"), 8, 8, 0x102030, "png");
        }
        TestImages.hugeHeaderPng(dir.resolve("a/bomb.png"), 100_000, 100_000);
        FolderScan scan = FolderScan.of(dir);
        assertEquals(1, scan.rejected().size());
        assertTrue(scan.rejected().get(0).reason().contains("too large") && scan.rejected().get(0).reason().contains("10000.0 megapixels"),
                scan.rejected().get(0).reason());
        ImageFolderException e = assertThrows(ImageFolderException.class,
                () -> FolderScan.scan(dir, BadFilePolicy.FAIL, FolderScan.DEFAULT_MAX_PIXELS));
        assertTrue(e.getMessage().contains("bomb.png") && e.getMessage().contains("maxImagePixels"), e.getMessage());
    }

    @Test
    void folderShapeErrorsAreClear(@TempDir Path dir) throws Exception {
        ImageFolderException e = assertThrows(ImageFolderException.class, () -> FolderScan.of(dir.resolve("nope")));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());

        Path flat = dir.resolve("flat");
        TestImages.rgb(flat.resolve("x.png"), 4, 4, 0, "png");
        e = assertThrows(ImageFolderException.class, () -> FolderScan.of(flat));
        assertTrue(e.getMessage().contains("no class sub-folders") && e.getMessage().contains("1 images directly"), e.getMessage());

        Path one = dir.resolve("one");
        TestImages.rgb(one.resolve("only/x.png"), 4, 4, 0, "png");
        e = assertThrows(ImageFolderException.class, () -> FolderScan.of(one));
        assertTrue(e.getMessage().contains("only one class") && e.getMessage().contains("only"), e.getMessage());

        Path empty = dir.resolve("empty");
        TestImages.rgb(empty.resolve("full/x.png"), 4, 4, 0, "png");
        Files.createDirectories(empty.resolve("hollow"));
        Files.writeString(empty.resolve("hollow/readme.txt"), "no images here");
        e = assertThrows(ImageFolderException.class, () -> FolderScan.of(empty));
        assertTrue(e.getMessage().contains("hollow") && e.getMessage().contains("no usable"), e.getMessage());

        Path tiny = dir.resolve("tiny");
        TestImages.rgb(tiny.resolve("a/1.png"), 4, 4, 0, "png");
        TestImages.rgb(tiny.resolve("a/2.png"), 4, 4, 0, "png");
        TestImages.rgb(tiny.resolve("b/1.png"), 4, 4, 0, "png");
        TestImages.rgb(tiny.resolve("b/2.png"), 4, 4, 0, "png");
        e = assertThrows(ImageFolderException.class, () -> ImageFolder.of(tiny).inputSize(4, 4, 3).split(0.6, 0.2, 0.2).load());
        assertTrue(e.getMessage().contains("too few") && e.getMessage().contains("'a'"), e.getMessage());
        e = assertThrows(ImageFolderException.class, () -> ImageFolder.of(tiny).inputSize(4, 4, 3).split(1, 0, 0).load().test());
        assertTrue(e.getMessage().contains("test subset") && e.getMessage().contains("empty"), e.getMessage());
    }

    @Test
    void badSettingsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> ImageFolder.of(roads).load()); // no size, no preprocessing
        assertThrows(IllegalArgumentException.class, () -> folder().split(0.5, 0.2, 0.2).load());
        assertThrows(IllegalArgumentException.class, () -> folder().split(0, 0, 0).load());
        assertThrows(IllegalArgumentException.class, () -> folder().batchSize(0).load());
        assertThrows(IllegalArgumentException.class, () -> Augment.standard().resizedCrop(0));
    }

    @Test
    void aZeroTrainingFractionPutsEveryImageInTestForEvaluation() {
        ImageFolderData all = folder().split(0, 0, 1).load();
        assertEquals(0, all.split().train().size());
        assertEquals(all.scan().files().size(), all.split().test().size());
    }

    @Test
    void imbalanceIsReported(@TempDir Path dir) throws Exception {
        for (int i = 0; i < 6; i++) {
            TestImages.rgb(dir.resolve("many/" + i + ".png"), 4, 4, 0, "png");
        }
        TestImages.rgb(dir.resolve("few/0.png"), 4, 4, 0, "png");
        TestImages.rgb(dir.resolve("few/1.png"), 4, 4, 0, "png");
        FolderScan scan = FolderScan.of(dir);
        assertTrue(scan.isImbalanced());
        assertEquals(3.0, scan.imbalanceRatio(), 1e-9);
        assertTrue(scan.report().contains("imbalanced"), scan.report());
    }
}
