package io.transfer4j.zoo.weights;

/**
 * A running checksum over a stream of bytes: the one small interface behind every {@link HashAlgorithm}.
 *
 * <pre>{@code
 * Hasher h = HashAlgorithm.MD5.newHasher();
 * h.update(bytes, 0, bytes.length);
 * String md5 = h.value();   // "64373286793e3c8b2b4e3219cbf3544b"
 * }</pre>
 */
public interface Hasher {

    /** Adds {@code len} bytes of {@code bytes} starting at {@code off}. */
    void update(byte[] bytes, int off, int len);

    /** The checksum of everything added so far, in the algorithm's canonical text form. */
    String value();
}
