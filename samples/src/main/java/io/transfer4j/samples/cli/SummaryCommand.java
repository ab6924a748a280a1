package io.transfer4j.samples.cli;

import io.transfer4j.dsl.Summary;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code summary <model>}: the per-layer table of a zoo model or a saved model file. */
@Command(name = "summary", mixinStandardHelpOptions = true,
        description = "Per-layer table: output shapes, parameters, activation memory, receptive field.")
final class SummaryCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Parameters(paramLabel = "MODEL", description = "zoo model name (e.g. vgg16) or a saved model file")
    String model;
    @Option(names = "--json", description = "machine-readable output")
    boolean json;

    @Override
    public Integer call() {
        Summary s = ModelRef.load(model, null).summary();
        spec.commandLine().getOut().print(json ? toJson(s) : s.toString());
        return 0;
    }

    static String toJson(Summary s) {
        String rows = s.rows().stream().map(r -> String.format(Locale.ROOT,
                "{\"name\":%s,\"type\":%s,\"shape\":%s,\"params\":%d,\"weights\":%d,\"activations\":%d,\"rf\":%d,\"jump\":%d,\"frozen\":%b}",
                Json.str(r.name()), Json.str(r.type()), Json.str(r.shape().toString()), r.params(), r.weights(),
                r.activations(), r.rf(), r.jump(), r.frozen())).collect(Collectors.joining(",\n  "));
        return String.format(Locale.ROOT, "{\"layers\":[\n  %s],\n\"totalParams\":%d,\"trainableParams\":%d,\"frozenParams\":%d,\"activations\":%d}%n",
                rows, s.totalParams(), s.trainableParams(), s.frozenParams(), s.activations());
    }
}
