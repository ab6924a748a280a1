package io.transfer4j.zoo.weights;

/**
 * A weight file cannot be read or does not fit the model. The message names the file, the layer and both
 * shapes where they apply, and says how to fix it.
 */
public class WeightLoadException extends WeightsException {

    public WeightLoadException(String message) {
        super(message);
    }

    public WeightLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
