package io.transfer4j.samples.demo;

import io.transfer4j.transfer.TransferModel;
import io.transfer4j.transfer.data.FashionMnist;
import io.transfer4j.transfer.pretrained.PretrainedFashionCnn;
import io.transfer4j.zoo.weights.ModelCache;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * Where the demo's pretrained trunk comes from: the local zoo cache ({@code fmnist-cnn:classes0-4}, a weight
 * tag like any other), installed there from the jar on first use, or pretrained on the spot with {@code --pretrain}.
 */
final class PretrainedSource {
    private PretrainedSource() {
    }

    static TransferModel load(DemoOptions o, FashionMnist fm, PrintWriter out) {
        if (o.pretrain()) {
            Path file = o.outDir().resolve("fmnist-cnn-classes0-4.zip");
            out.printf("pretraining fmnist-cnn on classes 0-4 (%d epoch(s)) ...%n", o.pretrainEpochs());
            PretrainFashionMnist.pretrain(fm, o.pretrainEpochs(), 42, file, out);
            return TransferModel.load(file);
        }
        ModelCache cache = ModelCache.fromEnvironment();
        boolean cached = cache.cached(PretrainedFashionCnn.weightTag()).isPresent();
        Path file = PretrainedFashionCnn.install(cache);
        out.println("pretrained: " + PretrainedFashionCnn.TAG + (cached ? " from the local zoo cache " : " installed into the local zoo cache ") + file);
        return TransferModel.load(file);
    }
}
