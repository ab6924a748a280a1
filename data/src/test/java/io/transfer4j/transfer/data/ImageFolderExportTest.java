package io.transfer4j.transfer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/** Fashion-MNIST exported as PNG class folders, read back through the image-folder pipeline. */
class ImageFolderExportTest {

    @Test
    void exportedFashionMnistRoundTripsThroughImageFolder(@TempDir Path dir) throws Exception {
        LabeledImages test = FashionMnist.embedded().test();
        int written = ImageFolderExport.write(test, dir, 20);
        assertEquals(200, written);
        List<String> folders = List.of("Ankle_boot", "Bag", "Coat", "Dress", "Pullover", "Sandal", "Shirt", "Sneaker",
                "T-shirt_top", "Trouser");
        FolderScan scan = FolderScan.of(dir);
        assertEquals(folders, scan.classNames());
        int[] twenty = new int[10];
        java.util.Arrays.fill(twenty, 20);
        assertArrayEquals(twenty, scan.counts());

        // Image 0 of the test set is an ankle boot; the PNG holds exactly its pixels.
        Path first = dir.resolve("Ankle_boot/0000.png");
        assertTrue(Files.isRegularFile(first));
        INDArray back = new ImagePipeline(28, 28, 1, false, null).load(first, null);
        assertEquals(test.features().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 1)), back);

        ImageFolderData data = ImageFolder.of(dir).inputSize(28, 28, 1).split(0.5, 0.5).prefetch(0).batchSize(100).load();
        DataSet batch = data.train().next();
        assertArrayEquals(new long[] {100, 1, 28, 28}, batch.getFeatures().shape());
        assertTrue(batch.getFeatures().maxNumber().doubleValue() <= 1.0);
        assertEquals(folders, data.classNames());
    }
}
