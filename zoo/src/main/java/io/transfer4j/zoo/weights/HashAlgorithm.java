package io.transfer4j.zoo.weights;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.zip.Adler32;

/**
 * Checksums that weight files are pinned with. Keras pins MD5, DL4J's zoo pins Adler32 (as an unsigned
 * decimal number), our own models use SHA-256.
 *
 * <pre>{@code
 * String md5 = HashAlgorithm.MD5.hash(Path.of("vgg16.h5"));
 * boolean ok = HashAlgorithm.ADLER32.normalize("3501732770").equals(HashAlgorithm.ADLER32.hash(zip));
 * }</pre>
 */
public enum HashAlgorithm {
    MD5("MD5", 32),
    SHA256("SHA-256", 64),
    ADLER32(null, 0);

    private final String jcaName;
    private final int hexLength;

    HashAlgorithm(String jcaName, int hexLength) {
        this.jcaName = jcaName;
        this.hexLength = hexLength;
    }

    /** A fresh running checksum. */
    public Hasher newHasher() {
        if (this == ADLER32) {
            Adler32 adler = new Adler32();
            return new Hasher() {
                @Override
                public void update(byte[] bytes, int off, int len) {
                    adler.update(bytes, off, len);
                }

                @Override
                public String value() {
                    return Long.toString(adler.getValue());
                }
            };
        }
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance(jcaName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(jcaName + " is missing from this JVM", e);
        }
        return new Hasher() {
            @Override
            public void update(byte[] bytes, int off, int len) {
                digest.update(bytes, off, len);
            }

            @Override
            public String value() {
                return HexFormat.of().formatHex(digest.digest());
            }
        };
    }

    /** Checksum of a whole file. */
    public String hash(Path file) throws IOException {
        Hasher h = newHasher();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                h.update(buf, 0, n);
            }
        }
        return h.value();
    }

    /**
     * The canonical form of a pinned value (lower-case hex, or the decimal Adler32), so that values
     * compare with {@code equals}.
     *
     * @throws IllegalArgumentException naming the value when it cannot be such a checksum
     */
    public String normalize(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(this + " checksum is missing");
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (this == ADLER32) {
            try {
                long x = Long.parseLong(v);
                if (x < 0 || x > 0xFFFF_FFFFL) {
                    throw new NumberFormatException();
                }
                return Long.toString(x);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not an Adler32 checksum (decimal 0..4294967295): '" + value + "'");
            }
        }
        if (v.length() != hexLength || !v.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException("not a " + this + " checksum (" + hexLength + " hex digits): '" + value + "'");
        }
        return v;
    }

    /** Display name used in messages: "md5", "sha256", "adler32". */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
