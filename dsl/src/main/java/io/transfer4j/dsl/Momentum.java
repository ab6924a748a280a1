package io.transfer4j.dsl;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * Classical momentum, which DL4J lacks (it only ships Nesterov): {@code v ← μv − α·g; θ ← θ + v}.
 * A plain bean so DL4J's JSON serialisation of configurations keeps it (checked: the graph configuration's
 * JSON round trip, and a saved model resumes training with its velocity).
 *
 * <pre>{@code Network.builder("net").updater(new Momentum(0.01, 0.9))   // or Updaters.momentum(0.01, 0.9)}</pre>
 */
public final class Momentum implements IUpdater {
    private double learningRate = 0.01;
    private double momentum = 0.9;
    private ISchedule learningRateSchedule;

    public Momentum() {
    }

    public Momentum(double learningRate, double momentum) {
        this.learningRate = Updaters.rate(learningRate);
        this.momentum = Updaters.mu(momentum);
    }

    public double getLearningRate() {
        return learningRate;
    }

    public void setLearningRate(double learningRate) {
        this.learningRate = learningRate;
    }

    public double getMomentum() {
        return momentum;
    }

    public void setMomentum(double momentum) {
        this.momentum = momentum;
    }

    public ISchedule getLearningRateSchedule() {
        return learningRateSchedule;
    }

    public void setLearningRateSchedule(ISchedule schedule) {
        this.learningRateSchedule = schedule;
    }

    @Override
    public long stateSize(long numParams) {
        return numParams;
    }

    @Override
    public GradientUpdater instantiate(INDArray viewArray, boolean initializeViewArray) {
        Updater u = new Updater(this);
        u.setStateViewArray(viewArray, viewArray.shape(), viewArray.ordering(), initializeViewArray);
        return u;
    }

    @Override
    public GradientUpdater instantiate(Map<String, INDArray> updaterState, boolean initializeStateArrays) {
        Updater u = new Updater(this);
        u.setState(updaterState, initializeStateArrays);
        return u;
    }

    @Override
    public Momentum clone() {
        Momentum m = new Momentum(learningRate, momentum);
        m.learningRateSchedule = learningRateSchedule == null ? null : learningRateSchedule.clone();
        return m;
    }

    @Override
    public double getLearningRate(int iteration, int epoch) {
        return learningRateSchedule == null ? learningRate : learningRateSchedule.valueAt(iteration, epoch);
    }

    @Override
    public boolean hasLearningRate() {
        return true;
    }

    @Override
    public void setLrAndSchedule(double lr, ISchedule schedule) {
        this.learningRate = lr;
        this.learningRateSchedule = schedule;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Momentum m && m.learningRate == learningRate && m.momentum == momentum
                && java.util.Objects.equals(m.learningRateSchedule, learningRateSchedule);
    }

    @Override
    public String toString() {
        return "Momentum(learningRate=" + learningRate + ", momentum=" + momentum
                + (learningRateSchedule == null ? "" : ", schedule=" + learningRateSchedule) + ")";
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(learningRate, momentum, learningRateSchedule);
    }

    /** The per-parameter-block state: velocity {@code v}. DL4J subtracts what {@code applyUpdater} leaves. */
    private static final class Updater implements GradientUpdater<Momentum> {
        private final Momentum config;
        private INDArray v;

        Updater(Momentum config) {
            this.config = config;
        }

        @Override
        public Momentum getConfig() {
            return config;
        }

        @Override
        public void setState(Map<String, INDArray> state, boolean initialize) {
            v = state.get("V");
            if (initialize) {
                v.assign(0);
            }
        }

        @Override
        public Map<String, INDArray> getState() {
            return Map.of("V", v);
        }

        @Override
        public void setStateViewArray(INDArray viewArray, long[] gradientShape, char gradientOrder, boolean initialize) {
            if (initialize) {
                viewArray.assign(0);
            }
            v = viewArray.reshape(gradientOrder, gradientShape);
        }

        @Override
        public void applyUpdater(INDArray gradient, int iteration, int epoch) {
            double lr = config.getLearningRate(iteration, epoch);
            v.muli(config.momentum).subi(gradient.mul(lr));
            gradient.assign(v.neg());
        }
    }
}
