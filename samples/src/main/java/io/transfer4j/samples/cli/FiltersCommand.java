package io.transfer4j.samples.cli;

import io.transfer4j.transfer.explain.Filters;
import io.transfer4j.transfer.explain.Pictures;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code filters --model M --layer L --out FILE.png}: a conv layer's learned filters as a PNG. */
@Command(name = "filters", mixinStandardHelpOptions = true,
        description = "A conv layer's filters as a PNG (RGB tiles for the first layer, a filters x channels grid deeper).")
final class FiltersCommand implements java.util.concurrent.Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Option(names = "--model", required = true, description = "saved model file, or zoo model name")
    String model;
    @Option(names = "--weights", description = "for zoo models: weight tag (imagenet) or weight file")
    String weights;
    @Option(names = "--layer", required = true, description = "conv layer (e.g. block1_conv1)")
    String layer;
    @Option(names = "--limit", defaultValue = "32", description = "at most this many filters and input channels (default ${DEFAULT-VALUE})")
    int limit;
    @Option(names = "--out", required = true, description = "PNG file to write")
    Path out;

    @Override
    public Integer call() {
        var m = ModelRef.load(model, weights).model();
        Pictures.write(Filters.of(m).layer(layer).limit(limit).image(), out);
        spec.commandLine().getOut().println(out);
        return 0;
    }
}
