package io.transfer4j.transfer.pretrained;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.transfer4j.transfer.data.FashionMnist;
import io.transfer4j.transfer.data.LabeledImages;
import io.transfer4j.transfer.onnx.Engine;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * {@link FewShotFashionMnistTest}'s transfer case (shipped model, frozen trunk, new head on 5 images per class
 * of classes 5-9) with the trunk features computed by ONNX Runtime and by DL4J: same test accuracy.
 */
class FewShotEngineTest {
    @Test
    void headTrainedOnOnnxRuntimeFeaturesHasTheAccuracyOfTheDl4jPath() {
        FashionMnist fm = FashionMnist.at(Path.of("/usr/share/datasets/fashion-mnist"));
        LabeledImages few = fm.train().filterClasses(FewShotFashionMnistTest.NEW_CLASSES).scaled(1 / 255.0)
                .sample(FewShotFashionMnistTest.SHOTS, 1);
        LabeledImages test = fm.test().filterClasses(FewShotFashionMnistTest.NEW_CLASSES).scaled(1 / 255.0);
        double dl4j = FewShotFashionMnistTest.transfer(few, test, 1, Engine.Kind.DL4J);
        double ort = FewShotFashionMnistTest.transfer(few, test, 1, Engine.Kind.ONNX_RUNTIME);
        System.out.printf(Locale.ROOT, "few-shot transfer, test accuracy with DL4J trunk features %.4f, ONNX Runtime %.4f%n", dl4j, ort);
        // features agree to ~1e-6 (EngineFeatureCachingTest), so at most a borderline image or two may flip
        assertEquals(dl4j, ort, 2.0 / test.size() + 1e-9, "DL4J " + dl4j + " vs ORT " + ort);
    }
}
