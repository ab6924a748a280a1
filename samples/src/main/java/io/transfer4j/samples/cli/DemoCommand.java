package io.transfer4j.samples.cli;

import io.transfer4j.samples.demo.DemoOptions;
import io.transfer4j.samples.demo.FashionTransferDemo;
import io.transfer4j.transfer.pretrained.FewShotRecipe;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code demo}: the README story, offline, in a few minutes on 2 cores. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Transfer a CNN pretrained on Fashion-MNIST classes 0-4 to classes 5-9 from a few images per class,",
                "next to the same network trained from scratch; writes a report folder and a model file."})
final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Option(names = "--shots", defaultValue = "" + FewShotRecipe.DEMO_SHOTS, description = "labelled images per new class (default ${DEFAULT-VALUE})")
    int shots;
    @Option(names = "--seed", defaultValue = "1", description = "seed (default ${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--head-epochs", defaultValue = "" + FewShotRecipe.HEAD_EPOCHS, description = "most head epochs on the frozen trunk; the best on validation is kept (default ${DEFAULT-VALUE})")
    int headEpochs;
    @Option(names = "--scratch-epochs", defaultValue = "" + FewShotRecipe.SCRATCH_EPOCHS, description = "most epochs of the from-scratch baseline; the best on validation is kept (default ${DEFAULT-VALUE})")
    int scratchEpochs;
    @Option(names = "--validation", defaultValue = "" + FewShotRecipe.VALIDATION_PER_CLASS, description = "training images per class held out to choose the epochs on (default ${DEFAULT-VALUE})")
    int validation;
    @Option(names = "--test-limit", defaultValue = "0", description = "evaluate on at most N test images (0 = all)")
    int testLimit;
    @Option(names = "--pretrain", description = "pretrain the trunk here (with the rotation task; ~8 min per epoch on 2 cores) instead of using the cached weights")
    boolean pretrain;
    @Option(names = "--pretrain-epochs", defaultValue = "1", description = "epochs of --pretrain (default ${DEFAULT-VALUE})")
    int pretrainEpochs;
    @Option(names = "--data", description = "Fashion-MNIST directory (default: search; embedded subset if absent)")
    Path data;
    @Option(names = "--embedded", description = "use the embedded subset (500 + 100 images per class) even where the full dataset is installed")
    boolean embedded;
    @Option(names = "--out", defaultValue = "reports/demo", description = "report folder (default ${DEFAULT-VALUE})")
    Path out;
    @Option(names = "--no-progress", description = "no per-epoch progress (the global --quiet also silences the log)")
    boolean noProgress;

    @Override
    public Integer call() {
        DemoOptions o = new DemoOptions(shots, seed, headEpochs, scratchEpochs, validation, testLimit, pretrain, pretrainEpochs, data, embedded, out,
                !noProgress);
        new FashionTransferDemo(o).run(spec.commandLine().getOut());
        return 0;
    }
}
