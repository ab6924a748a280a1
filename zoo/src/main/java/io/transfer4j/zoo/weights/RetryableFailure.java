package io.transfer4j.zoo.weights;

import java.net.URI;

/** A download failure worth another attempt (5xx, 408/429, resets, time-outs); {@code status} is -1 without one. */
final class RetryableFailure extends Exception {
    final URI url;
    final int status;

    RetryableFailure(URI url, int status, String message, Throwable cause) {
        super(message, cause);
        this.url = url;
        this.status = status;
    }
}
