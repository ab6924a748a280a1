package io.transfer4j.samples.cli;

import io.transfer4j.transfer.TransferModel;
import io.transfer4j.transfer.explain.FilterPatterns;
import io.transfer4j.transfer.explain.Filters;
import io.transfer4j.transfer.explain.Pictures;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code filters --model M --layer L --out FILE.png}: a conv layer's learned weights as a PNG, or with {@code --patterns}
 * the input patterns its channels respond to most (gradient ascent from grey noise).
 */
@Command(name = "filters", mixinStandardHelpOptions = true,
        description = "A conv layer's filters as a PNG (RGB tiles for the first layer, a filters x channels grid deeper),"
                + " or with --patterns the images each channel responds to most (gradient ascent).")
final class FiltersCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    ModelOptions model;
    @Option(names = "--layer", required = true, description = "conv layer (e.g. block1_conv1; any feature-map layer with --patterns)")
    String layer;
    @Option(names = "--limit", defaultValue = "32", description = "at most this many filters and input channels (default ${DEFAULT-VALUE})")
    int limit;
    @Option(names = "--patterns", description = "draw what each channel responds to most (gradient ascent on the input) instead of its weights")
    boolean patterns;
    @Option(names = "--channels", split = ",", description = "with --patterns: these channels (default the first 16, at most --limit)")
    List<Integer> channels;
    @Option(names = "--steps", defaultValue = "40", description = "with --patterns: gradient-ascent steps (default ${DEFAULT-VALUE})")
    int steps;
    @Option(names = "--size", description = "with --patterns: side of the image optimised (default the model's input size)")
    Integer size;
    @Option(names = "--out", required = true, description = "PNG file to write")
    Path out;

    @Override
    public Integer call() {
        TransferModel m = model.load();
        if (!patterns) {
            Pictures.write(Filters.of(m).layer(layer).limit(limit).image(), out);
        } else {
            FilterPatterns p = FilterPatterns.of(m).layer(layer).steps(steps);
            if (size != null) {
                p.size(size);
            }
            int[] which = channels != null ? channels.stream().mapToInt(Integer::intValue).toArray()
                    : IntStream.range(0, Math.min(p.channels(), Math.min(16, limit))).toArray();
            Pictures.write(p.image(which), out);
        }
        spec.commandLine().getOut().println(out);
        return 0;
    }
}
