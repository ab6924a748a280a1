package io.transfer4j.samples.roads;

import io.transfer4j.dsl.Network;
import io.transfer4j.dsl.NetworkBuilder;
import io.transfer4j.dsl.Shape;
import io.transfer4j.transfer.TransferModel;
import io.transfer4j.zoo.ModelInfo;
import io.transfer4j.zoo.ModelOptions;
import io.transfer4j.zoo.Pooling;
import io.transfer4j.zoo.Preprocessing;
import io.transfer4j.zoo.Zoo;
import java.nio.file.Path;
import org.nd4j.linalg.activations.Activation;

/**
 * A small stand-in for VGG16 and its ImageNet weights, so the road samples run in seconds: a three-block
 * VGG ("roads-mini", Keras-style names, caffe preprocessing, feature layer {@code block3_pool}) registered
 * in the zoo like any architecture, with random weights saved as a transfer4j model file.
 */
public final class StandIn {
    public static final String MODEL = "roads-mini";

    private StandIn() {
    }

    /** Registers the model (once per JVM) and writes its weights to {@code file}. */
    public static synchronized Path write(Path file) {
        if (!Zoo.names().contains(MODEL)) {
            Zoo.register(new ModelInfo(MODEL, Shape.image(32, 32, 3), 10, "predictions", "block3_pool", 64,
                    Preprocessing.caffe(32, 32)), StandIn::define);
        }
        TransferModel.from(Zoo.model(MODEL).includeTop(false).seed(7)).save(file);
        return file;
    }

    private static Network define(ModelOptions o) {
        Shape in = o.inputShape();
        NetworkBuilder b = Network.builder(MODEL).seed(o.seed()).input(in.height(), in.width(), in.channels());
        int filters = 16;
        for (int block = 1; block <= 3; block++, filters *= 2) {
            b.conv(filters, 3).same().act(Activation.RELU).name("block%d_conv1", block).maxPool(2).name("block%d_pool", block);
        }
        if (o.includeTop()) {
            b.globalAvgPool().name("avg_pool").output(o.numClasses()).name("predictions");
        } else if (o.pooling() != Pooling.NONE) {
            b = o.pooling() == Pooling.AVG ? b.globalAvgPool().name("avg_pool") : b.globalMaxPool().name("max_pool");
        }
        return b.build();
    }
}
