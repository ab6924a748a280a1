package io.transfer4j.transfer.train;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What one epoch did. Accuracy and loss on the training data are running averages over the epoch's
 * batches (as the progress bar shows them); the validation numbers are {@code NaN} without validation data.
 *
 * @param epoch           1-based epoch number
 * @param learningRate    the rate at the epoch's last iteration (of the layer with the highest rate)
 * @param cachedFeatures  whether the head was trained on cached trunk features
 */
public record EpochStats(int epoch, int epochs, double trainLoss, double trainAccuracy, double validationLoss,
                         double validationAccuracy, double learningRate, double seconds, long examples,
                         boolean cachedFeatures) {

    /** Examples per second over the epoch (training only). */
    public double examplesPerSecond() {
        return seconds > 0 ? examples / seconds : Double.NaN;
    }

    /** The statistics by name, as in a {@code --log-format json} epoch event. */
    public Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epoch", epoch);
        m.put("epochs", epochs);
        m.put("loss", trainLoss);
        m.put("accuracy", trainAccuracy);
        m.put("val_loss", validationLoss);
        m.put("val_accuracy", validationAccuracy);
        m.put("lr", learningRate);
        m.put("seconds", seconds);
        m.put("examples", examples);
        m.put("cached_features", cachedFeatures);
        return m;
    }

    /** The one-line epoch summary the {@link Trainer} prints. */
    public String summary() {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "epoch %d/%d  loss %.4f  acc %.4f", epoch, epochs,
                trainLoss, trainAccuracy));
        if (!Double.isNaN(validationLoss)) {
            s.append(String.format(Locale.ROOT, "  val_loss %.4f  val_acc %.4f", validationLoss, validationAccuracy));
        }
        s.append(String.format(Locale.ROOT, "  lr %.3g  %.1fs  %.0f ex/s%s", learningRate, seconds, examplesPerSecond(),
                cachedFeatures ? "  (cached features)" : ""));
        return s.toString();
    }
}
