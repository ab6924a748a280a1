package io.transfer4j.samples.cli;

import io.transfer4j.transfer.TransferModel;
import io.transfer4j.transfer.explain.Activations;
import io.transfer4j.transfer.explain.ModelImages;
import io.transfer4j.transfer.explain.Pictures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code activations --model M --layer L [--channels 0,1] --out DIR IMAGE}: a layer's feature maps as a grid PNG. */
@Command(name = "activations", mixinStandardHelpOptions = true, description = "A layer's feature maps for an image, as a grid PNG.")
final class ActivationsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    ModelOptions model;
    @Option(names = "--layer", required = true, description = "layer with a feature map (e.g. block1_conv1)")
    String layer;
    @Option(names = "--channels", split = ",", description = "only these channels (default all)")
    List<Integer> channels;
    @Option(names = "--out", required = true, description = "directory; writes <image>-<layer>.png")
    Path out;
    @Parameters(paramLabel = "IMAGE", arity = "1", description = "jpg, jpeg, png or bmp file")
    Path image;

    @Override
    public Integer call() throws Exception {
        TransferModel m = model.load();
        Activations a = Activations.of(m).layer(layer);
        if (channels != null) {
            a.channels(channels.stream().mapToInt(Integer::intValue).toArray());
        }
        var acts = a.activations(ModelImages.input(m, ModelImages.raw(m, image)));
        Files.createDirectories(out);
        Path png = out.resolve(image.getFileName().toString().replaceFirst("\\.[^.]*$", "") + "-" + layer + ".png");
        Pictures.write(a.grid(acts), png);
        spec.commandLine().getOut().println(png + " (" + (channels == null ? acts.size(0) : channels.size()) + " channels of "
                + acts.size(1) + "x" + acts.size(2) + ")");
        return 0;
    }
}
