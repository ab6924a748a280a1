package io.transfer4j.transfer.train;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Everything about a run that is not in the model: epochs done, early-stopping counters, the seed and the
 * per-epoch history. Saved as text ({@code trainer.properties}) in the checkpoint, never with Java
 * serialisation.
 */
final class TrainerState {
    static final int FORMAT = 1;

    int epochsDone;
    long seed;
    double bestValue = Double.NaN;
    int bestEpoch;
    int epochsWithoutImprovement;
    boolean stoppedEarly;
    final List<EpochStats> history = new ArrayList<>();
    /** The best epoch's weights while early stopping restores them (written beside this text in the checkpoint). */
    org.nd4j.linalg.api.ndarray.INDArray bestParams;

    String toText() {
        Properties p = new Properties();
        p.setProperty("format", String.valueOf(FORMAT));
        p.setProperty("epochsDone", String.valueOf(epochsDone));
        p.setProperty("seed", String.valueOf(seed));
        p.setProperty("bestValue", String.valueOf(bestValue));
        p.setProperty("bestEpoch", String.valueOf(bestEpoch));
        p.setProperty("epochsWithoutImprovement", String.valueOf(epochsWithoutImprovement));
        p.setProperty("stoppedEarly", String.valueOf(stoppedEarly));
        for (int i = 0; i < history.size(); i++) {
            EpochStats s = history.get(i);
            p.setProperty("history." + i, s.epoch() + "," + s.epochs() + "," + s.trainLoss() + "," + s.trainAccuracy() + ","
                    + s.validationLoss() + "," + s.validationAccuracy() + "," + s.learningRate() + "," + s.seconds() + ","
                    + s.examples() + "," + s.cachedFeatures());
        }
        StringWriter w = new StringWriter();
        try {
            p.store(w, "transfer4j trainer state");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return w.toString();
    }

    static TrainerState fromText(String text, String source) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
            int format = Integer.parseInt(p.getProperty("format", "-1"));
            if (format != FORMAT) {
                throw new IllegalArgumentException(source + ": trainer state format " + format + " is not supported (this "
                        + "version reads format " + FORMAT + "); resume it with the version that wrote it");
            }
            TrainerState s = new TrainerState();
            s.epochsDone = Integer.parseInt(p.getProperty("epochsDone"));
            s.seed = Long.parseLong(p.getProperty("seed"));
            s.bestValue = Double.parseDouble(p.getProperty("bestValue"));
            s.bestEpoch = Integer.parseInt(p.getProperty("bestEpoch"));
            s.epochsWithoutImprovement = Integer.parseInt(p.getProperty("epochsWithoutImprovement"));
            s.stoppedEarly = Boolean.parseBoolean(p.getProperty("stoppedEarly"));
            for (int i = 0; p.containsKey("history." + i); i++) {
                String[] f = p.getProperty("history." + i).split(",");
                s.history.add(new EpochStats(Integer.parseInt(f[0]), Integer.parseInt(f[1]), Double.parseDouble(f[2]),
                        Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5]), Double.parseDouble(f[6]),
                        Double.parseDouble(f[7]), Long.parseLong(f[8]), Boolean.parseBoolean(f[9])));
            }
            return s;
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException iae && iae.getMessage() != null && iae.getMessage().startsWith(source)) {
                throw iae;
            }
            throw new IllegalArgumentException(source + ": corrupt trainer state (" + e + "); delete the checkpoint "
                    + "directory to start over", e);
        }
    }
}
