package io.transfer4j.zoo.weights;

/**
 * A weight file cannot be found, fetched, verified or stored. The message always names the tag, file or
 * URL concerned and says how to fix it.
 */
public class WeightsException extends RuntimeException {

    public WeightsException(String message) {
        super(message);
    }

    public WeightsException(String message, Throwable cause) {
        super(message, cause);
    }
}
