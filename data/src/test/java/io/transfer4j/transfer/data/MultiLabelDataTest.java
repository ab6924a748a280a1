package io.transfer4j.transfer.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Multi-label data: the CSV and folder-per-label layouts, multi-hot batches, the random split and its file. */
class MultiLabelDataTest {
    @TempDir
    Path dir;

    private Path image(String name, int rgb) throws Exception {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        return TestImages.rgb(p, 8, 8, rgb, "png");
    }

    @Test
    void csvRowsBecomeImagesWithEveryLabelAndBatchesCarryMultiHotLabels() throws Exception {
        image("img/a.png", 0xff0000);
        image("img/b.png", 0x00ff00);
        image("img/c.png", 0x0000ff);
        image("img/d.png", 0x808080);
        Path csv = dir.resolve("labels.csv");
        Files.writeString(csv, "path,labels\nimg/a.png,wet;cobble\n\"img/b.png\",dry\nimg/c.png,cobble wet dry\nimg/d.png,\n");
        FolderScan scan = MultiLabelScan.csv(csv, BadFilePolicy.FAIL, FolderScan.DEFAULT_MAX_PIXELS);
        assertEquals(List.of("cobble", "dry", "wet"), scan.classNames());
        Map<String, int[]> labels = new HashMap<>();
        scan.files().forEach(f -> labels.put(f.path().getFileName().toString(), f.labels()));
        assertArrayEquals(new int[] {0, 2}, labels.get("a.png"));
        assertArrayEquals(new int[] {1}, labels.get("b.png"));
        assertArrayEquals(new int[] {0, 1, 2}, labels.get("c.png"));
        assertArrayEquals(new int[0], labels.get("d.png"), "an empty label cell: none of the labels");
        assertArrayEquals(new int[] {2, 2, 2}, scan.counts(), "images per label");

        ImageFolderData data = ImageFolder.of(csv).inputSize(8, 8, 3).split(0, 0, 1).prefetch(0).batchSize(4).load();
        assertTrue(data.isMultiLabel());
        DataSetIterator it = data.test();
        DataSet batch = it.next();
        assertEquals(4, batch.numExamples());
        for (int i = 0; i < 4; i++) {
            String file = Path.of(String.valueOf(batch.getExampleMetaData().get(i))).getFileName().toString();
            int[] expected = labels.get(file);
            for (int c = 0; c < 3; c++) {
                int label = c;
                boolean has = java.util.Arrays.stream(expected).anyMatch(l -> l == label);
                assertEquals(has ? 1.0 : 0.0, batch.getLabels().getDouble(i, c), file + " label " + c);
            }
        }
    }

    @Test
    void badCsvRowsAreNamedWithTheirRow() throws Exception {
        image("a.png", 0xff0000);
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, "a.png,x;y\nmissing.png,x\n");
        ImageFolderException missing = assertThrows(ImageFolderException.class,
                () -> MultiLabelScan.csv(csv, BadFilePolicy.FAIL, FolderScan.DEFAULT_MAX_PIXELS));
        assertTrue(missing.getMessage().contains("bad.csv row 2") && missing.getMessage().contains("missing.png"), missing.getMessage());

        Files.writeString(csv, "a.png,x;y\na.png,z\n");
        ImageFolderException twice = assertThrows(ImageFolderException.class,
                () -> MultiLabelScan.csv(csv, BadFilePolicy.FAIL, FolderScan.DEFAULT_MAX_PIXELS));
        assertTrue(twice.getMessage().contains("row 2") && twice.getMessage().contains("listed twice"), twice.getMessage());

        Files.writeString(csv, "a.png,x,y\n");
        ImageFolderException commas = assertThrows(ImageFolderException.class,
                () -> MultiLabelScan.csv(csv, BadFilePolicy.FAIL, FolderScan.DEFAULT_MAX_PIXELS));
        assertTrue(commas.getMessage().contains("row 1") && commas.getMessage().contains("separated by ';'"), commas.getMessage());

        Files.writeString(csv, "a.png,x\n");
        ImageFolderException oneLabel = assertThrows(ImageFolderException.class,
                () -> MultiLabelScan.csv(csv, BadFilePolicy.FAIL, FolderScan.DEFAULT_MAX_PIXELS));
        assertTrue(oneLabel.getMessage().contains("at least two labels"), oneLabel.getMessage());
    }

    @Test
    void sameNamedFilesInSeveralLabelFoldersAreOneImageWithThoseLabels() throws Exception {
        image("roads/cobble/1.png", 0xff0000);
        image("roads/wet/1.png", 0xff0000);     // the same image: cobble and wet
        image("roads/wet/2.png", 0x0000ff);
        image("roads/cobble/3.png", 0x00ff00);
        FolderScan scan = MultiLabelScan.folders(dir.resolve("roads"), BadFilePolicy.FAIL, FolderScan.DEFAULT_MAX_PIXELS);
        assertEquals(List.of("cobble", "wet"), scan.classNames());
        assertEquals(3, scan.files().size());
        LabeledFile both = scan.files().stream().filter(LabeledFile::hasSeveralLabels).findFirst().orElseThrow();
        assertEquals("1.png", both.path().getFileName().toString());
        assertArrayEquals(new int[] {0, 1}, both.labels());

        image("roads/wet/3.png", 0x123456);     // same name as cobble/3.png, other pixels
        ImageFolderException differ = assertThrows(ImageFolderException.class,
                () -> MultiLabelScan.folders(dir.resolve("roads"), BadFilePolicy.FAIL, FolderScan.DEFAULT_MAX_PIXELS));
        assertTrue(differ.getMessage().contains("3.png") && differ.getMessage().contains("differ"), differ.getMessage());
    }

    @Test
    void theRandomSplitIsSavedAndReloadedWithEveryLabel() throws Exception {
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            image("img/" + i + ".png", i * 0x0a0a0a);
            rows.append("img/").append(i).append(".png,").append(i % 2 == 0 ? "a" : "b").append(i % 3 == 0 ? ";c" : "").append('\n');
        }
        Path csv = dir.resolve("labels.csv");
        Files.writeString(csv, rows);
        Path splitFile = dir.resolve("split.txt");
        ImageFolderData first = ImageFolder.of(csv).inputSize(8, 8, 3).split(0.6, 0.2, 0.2).seed(5).splitFile(splitFile).load();
        assertEquals(List.of(12, 4, 4), List.of(first.split().train().size(), first.split().validation().size(), first.split().test().size()));
        ImageFolderData again = ImageFolder.of(csv).inputSize(8, 8, 3).seed(99).splitFile(splitFile).load();
        assertEquals(first.split(), again.split(), "the saved split, labels included, whatever the seed");
        assertTrue(again.split().train().stream().anyMatch(LabeledFile::hasSeveralLabels));

        Files.writeString(csv, rows.toString().replace("img/0.png,a;c", "img/0.png,a;d"));   // a new label: not this split
        ImageFolderException stale = assertThrows(ImageFolderException.class,
                () -> ImageFolder.of(csv).inputSize(8, 8, 3).splitFile(splitFile).load());
        assertTrue(stale.getMessage().contains("delete it to make a new split"), stale.getMessage());
    }
}
