package io.transfer4j.dsl;

import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * The optimizers the course teaches, by their usual names.
 *
 * <pre>{@code Network.builder("x").updater(Updaters.momentum(0.01, 0.9))}</pre>
 */
public final class Updaters {
    private Updaters() {
    }

    /** Plain stochastic gradient descent: {@code θ ← θ − α·g}. */
    public static IUpdater sgd(double lr) {
        rate(lr);
        return new Sgd(lr);
    }

    /** Classical (heavy-ball) momentum: {@code v ← μv − α·g; θ ← θ + v}. */
    public static IUpdater momentum(double lr, double mu) {
        rate(lr);
        mu(mu);
        return new Momentum(lr, mu);
    }

    /** Nesterov accelerated gradient. */
    public static IUpdater nesterov(double lr, double mu) {
        rate(lr);
        mu(mu);
        return new Nesterovs(lr, mu);
    }

    public static IUpdater adagrad(double lr) {
        rate(lr);
        return new AdaGrad(lr);
    }

    public static IUpdater rmsprop(double lr) {
        rate(lr);
        return new RmsProp(lr);
    }

    public static IUpdater adam(double lr) {
        rate(lr);
        return new Adam(lr);
    }

    static double rate(double lr) {
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("learning rate must be > 0, got " + lr);
        }
        return lr;
    }

    static double mu(double mu) {
        if (!(mu >= 0 && mu < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + mu);
        }
        return mu;
    }
}
