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
        return new Sgd(lr);
    }

    /** Classical (heavy-ball) momentum: {@code v ← μv − α·g; θ ← θ + v}. */
    public static IUpdater momentum(double lr, double mu) {
        return new Momentum(lr, mu);
    }

    /** Nesterov accelerated gradient. */
    public static IUpdater nesterov(double lr, double mu) {
        return new Nesterovs(lr, mu);
    }

    public static IUpdater adagrad(double lr) {
        return new AdaGrad(lr);
    }

    public static IUpdater rmsprop(double lr) {
        return new RmsProp(lr);
    }

    public static IUpdater adam(double lr) {
        return new Adam(lr);
    }
}
