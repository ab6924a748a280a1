package io.transfer4j.samples.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.transfer4j.transfer.Classifier;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README demo's whole pipeline on a tiny configuration (few epochs, 100 test images). */
class FashionTransferDemoTest {
    @TempDir
    Path dir;

    @Test
    void runsTheWholeStoryAndLeavesAReportAndAModelThatPredicts() throws Exception {
        DemoOptions o = new DemoOptions(3, 1, 3, 3, 5, 100, false, 1, null, false, dir.resolve("report"), false);
        StringWriter text = new StringWriter();
        FashionTransferDemo.Outcome r = new FashionTransferDemo(o).run(new PrintWriter(text));
        String out = text.toString();
        assertTrue(out.contains("from scratch (same network)") && out.contains("transfer (frozen pretrained trunk)"), out);
        assertTrue(out.contains("fmnist-cnn:classes0-4"), out);
        for (String f : List.of("learning-curves.png", "confusion-matrix.png", "summary.txt", "fmnist-classes5-9.zip")) {
            assertTrue(Files.size(r.reportDir().resolve(f)) > 0, f);
        }
        assertTrue(r.transferAccuracy() > 0.2 && r.transferAccuracy() <= 1, "better than chance over 5 classes: " + r.transferAccuracy());
        List<String> labels = Classifier.load(r.modelFile()).labels();
        assertEquals(List.of("Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"), labels);
        assertEquals(5, r.predictions().size());
        r.predictions().forEach(p -> assertTrue(labels.contains(p.get(0).label())));
    }
}
