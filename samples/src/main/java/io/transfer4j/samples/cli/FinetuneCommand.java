package io.transfer4j.samples.cli;

import io.transfer4j.samples.roads.RoadOptions;
import io.transfer4j.samples.roads.RoadTypes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code finetune --model resnet50 --weights imagenet --data DIR ...}: the whole transfer pipeline on an image
 * folder — the road-type sample's recipe ({@link RoadTypes}), which works for any folder of classes.
 */
@Command(name = "finetune", description = {"Fine-tune a zoo model on an image folder (one sub-folder per class):",
        "frozen trunk + new head, early stopping, test metrics, a report folder and a model file."})
final class FinetuneCommand implements Callable<Integer> {
    @Mixin
    RoadOptions options;

    @Override
    public Integer call() throws Exception {
        RoadTypes.run(options);
        return 0;
    }
}
