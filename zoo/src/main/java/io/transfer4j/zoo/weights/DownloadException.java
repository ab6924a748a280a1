package io.transfer4j.zoo.weights;

import java.net.URI;

/** A download failed for good (after retries where retrying made sense). */
public class DownloadException extends WeightsException {
    private final URI url;
    private final int status;

    public DownloadException(String message, URI url, int status, Throwable cause) {
        super(message, cause);
        this.url = url;
        this.status = status;
    }

    /** The URL that failed (the last one, after redirects). */
    public URI url() {
        return url;
    }

    /** The HTTP status that ended the download, or -1 when it was not an HTTP answer (time-out, reset). */
    public int status() {
        return status;
    }
}
