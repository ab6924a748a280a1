package io.transfer4j.samples.roads;

import io.transfer4j.samples.finetune.FinetuneOptions;
import io.transfer4j.samples.finetune.FinetuneRecipe;

/**
 * The course's case study: road types (cobblestone, interlocking, unpaved) by fine-tuning an ImageNet network with
 * the {@link FinetuneRecipe} (the one {@code ./transfer4j finetune} runs). samples/README-roads.md explains the data
 * layout, where the weights come from and what to expect.
 *
 * <pre>
 * mvn -q -pl samples -am compile exec:java -Dexec.mainClass=io.transfer4j.samples.roads.RoadTypes \
 *     -Dexec.args="--data roads --model vgg16 --weights imagenet --epochs 10 --out roads.zip"
 * </pre>
 */
public final class RoadTypes {
    private RoadTypes() {
    }

    public static void main(String[] args) {
        FinetuneOptions.main(args, RoadTypes::run);
    }

    /** The whole recipe; returns the saved model's accuracy on the held-out test images (per label when multi-label). */
    public static double run(FinetuneOptions o) throws Exception {
        FinetuneRecipe.Run r = FinetuneRecipe.fineTune(o);
        return r.test() != null ? r.test().accuracy() : r.multiLabelTest().labelAccuracy();
    }
}
