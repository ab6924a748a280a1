package io.transfer4j.dsl;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * The network-wide settings of a {@link NetworkBuilder} (seed, optimizer, weight init, L2) that every layer
 * starts from unless it sets its own ({@code withUpdater}, {@code withWeightInit}).
 */
final class NetworkDefaults {
    long seed = 42;
    IUpdater updater = new Adam(1e-3);
    WeightInit weightInit = WeightInit.XAVIER;
    private double l2;

    void l2(double l2) {
        if (!(l2 >= 0)) {
            throw new IllegalArgumentException("l2 must be >= 0, got " + l2);
        }
        this.l2 = l2;
    }

    /** The DL4J configuration builder carrying these settings. */
    NeuralNetConfiguration.Builder configuration() {
        NeuralNetConfiguration.Builder defaults = new NeuralNetConfiguration.Builder()
                .seed(seed).updater(updater).weightInit(weightInit);
        if (l2 > 0) {
            defaults.l2(l2);
        }
        return defaults;
    }
}
