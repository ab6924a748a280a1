package io.transfer4j.samples.demo;

import io.transfer4j.transfer.TransferModel;
import io.transfer4j.transfer.data.FashionMnist;
import io.transfer4j.transfer.pretrained.PretrainFashionMnist;
import io.transfer4j.transfer.pretrained.PretrainedFashionCnn;
import io.transfer4j.zoo.weights.ModelCache;
import io.transfer4j.zoo.weights.WeightTag;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the demo's pretrained trunk comes from: the local zoo cache ({@code fmnist-cnn:classes0-4}, like
 * any weight tag), installed there from the jar on first use, or pretrained on the spot with {@code --pretrain}.
 */
final class PretrainedSource {
    private PretrainedSource() {
    }

    static TransferModel load(DemoOptions o, FashionMnist fm, PrintWriter out) {
        if (o.pretrain()) {
            Path file = o.outDir().resolve("fmnist-cnn-classes0-4.zip");
            out.printf("pretraining fmnist-cnn on classes 0-4 (%d epoch(s)) ...%n", o.pretrainEpochs());
            out.flush();
            PretrainFashionMnist.pretrain(fm, o.pretrainEpochs(), 42, file, out);
            return TransferModel.load(file);
        }
        ModelCache cache = ModelCache.fromEnvironment();
        WeightTag tag = PretrainedFashionCnn.weightTag();
        Optional<Path> cached = cache.cached(tag);
        if (cached.isPresent()) {
            out.println("pretrained: " + tag.tag() + " from the local zoo cache " + cached.get());
            return TransferModel.load(cached.get());
        }
        Path installed = PretrainedFashionCnn.install(cache);
        out.println("pretrained: " + tag.tag() + " installed into the local zoo cache " + installed);
        return TransferModel.load(installed);
    }
}
