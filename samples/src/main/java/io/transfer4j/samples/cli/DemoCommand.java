package io.transfer4j.samples.cli;

import io.transfer4j.samples.demo.DemoOptions;
import io.transfer4j.samples.demo.FashionTransferDemo;
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
    @Option(names = "--shots", defaultValue = "5", description = "labelled images per new class (default ${DEFAULT-VALUE})")
    int shots;
    @Option(names = "--seed", defaultValue = "1", description = "seed (default ${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--head-epochs", defaultValue = "40", description = "head epochs on the frozen trunk (default ${DEFAULT-VALUE})")
    int headEpochs;
    @Option(names = "--scratch-epochs", defaultValue = "60", description = "epochs of the from-scratch baseline (default ${DEFAULT-VALUE})")
    int scratchEpochs;
    @Option(names = "--test-limit", defaultValue = "0", description = "evaluate on at most N test images (0 = all)")
    int testLimit;
    @Option(names = "--pretrain", description = "pretrain the trunk here (with the rotation task; ~8 min per epoch on 2 cores) instead of using the cached weights")
    boolean pretrain;
    @Option(names = "--pretrain-epochs", defaultValue = "1", description = "epochs of --pretrain (default ${DEFAULT-VALUE})")
    int pretrainEpochs;
    @Option(names = "--data", description = "Fashion-MNIST directory (default: search; embedded subset if absent)")
    Path data;
    @Option(names = "--out", defaultValue = "reports/demo", description = "report folder (default ${DEFAULT-VALUE})")
    Path out;
    @Option(names = "--no-progress", description = "no progress bars")
    boolean noProgress;

    @Override
    public Integer call() {
        DemoOptions o = new DemoOptions(shots, seed, headEpochs, scratchEpochs, testLimit, pretrain, pretrainEpochs, data, out, !noProgress);
        new FashionTransferDemo(o).run(spec.commandLine().getOut());
        return 0;
    }
}
