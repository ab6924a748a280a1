package io.transfer4j.samples.cli;

import io.transfer4j.transfer.Convolutionalize;
import io.transfer4j.transfer.TransferModel;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code convolutionalize --model M --input 384 --out M384.zip}: FC layers as convolutions, for larger images. */
@Command(name = "convolutionalize", mixinStandardHelpOptions = true,
        description = "Turn flatten + dense layers into convolutions (weights rearranged): larger images give a map of class scores.")
final class ConvolutionalizeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    ModelOptions model;   // vgg16, vgg19, alexnet or a saved file with a flatten + dense head
    @Option(names = "--input", required = true, description = "new input size: N (square) or HxW, e.g. 384")
    String input;
    @Option(names = "--out", required = true, description = "model file to write")
    Path out;

    @Override
    public Integer call() {
        String[] hw = input.toLowerCase(java.util.Locale.ROOT).split("x");
        int h;
        int w;
        try {
            h = Integer.parseInt(hw[0].trim());
            w = hw.length > 1 ? Integer.parseInt(hw[1].trim()) : h;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--input must be N or HxW (e.g. 384 or 384x512), got '" + input + "'");
        }
        TransferModel m = Convolutionalize.of(model.load(), h, w);
        m.save(out);
        var s = io.transfer4j.dsl.Summary.of(m.name(), m.graph().getConfiguration(), m.inputShapes()).rows();
        spec.commandLine().getOut().println(out + ": input " + m.inputShapes().get(0) + ", output map " + s.get(s.size() - 1).shape());
        return 0;
    }
}
