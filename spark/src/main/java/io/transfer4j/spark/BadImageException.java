package io.transfer4j.spark;

/** A row whose image cannot be used, under {@code badImagePolicy=fail}; the message starts with the row's path. */
public final class BadImageException extends RuntimeException {
    BadImageException(String message, Throwable cause) {
        super(message, cause);
    }
}
