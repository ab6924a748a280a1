package io.transfer4j.zoo;

import io.transfer4j.dsl.Network;
import io.transfer4j.dsl.NetworkBuilder;
import java.util.function.Consumer;

/**
 * How every zoo model ends: its own classifier top when {@code includeTop}, otherwise the feature map
 * as it is or globally pooled (Keras's {@code pooling} argument), named {@code avg_pool} / {@code max_pool}.
 */
final class Heads {
    private Heads() {
    }

    /** Starts a zoo network: seed and input from the options. */
    static NetworkBuilder start(String name, ModelOptions o) {
        return Network.builder(name).seed(o.seed())
                .input(o.inputShape().height(), o.inputShape().width(), o.inputShape().channels());
    }

    /** Adds {@code top} or the headless pooling, then builds. */
    static Network finish(NetworkBuilder b, ModelOptions o, Consumer<NetworkBuilder> top) {
        if (o.includeTop()) {
            top.accept(b);
        } else {
            switch (o.pooling()) {
                case AVG -> b.globalAvgPool().name("avg_pool");
                case MAX -> b.globalMaxPool().name("max_pool");
                case NONE -> { }
            }
        }
        return b.build();
    }

    /** Global average pool + softmax classifier (ResNet, DenseNet, GoogLeNet tops). */
    static Consumer<NetworkBuilder> pooledClassifier(ModelOptions o, String pool, String classifier) {
        return b -> b.globalAvgPool().name(pool).output(o.numClasses()).name(classifier);
    }
}
