package io.transfer4j.zoo.weights;

import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where a family of weight files is published: a name (used for the cache sub-directory and the mirror
 * setting {@code transfer4j.mirror.<name>} / {@code TRANSFER4J_MIRROR_<NAME>}) and a default base URL that
 * each tag's relative path is resolved against.
 *
 * <pre>{@code
 * WeightSource mine = new WeightSource("acme", URI.create("https://models.acme.example/"));
 * }</pre>
 *
 * @param name           lower-case letters, digits and dashes
 * @param defaultBaseUrl base URL used when no mirror is configured; {@code null} for files that can only be
 *                       imported (no download location)
 */
public record WeightSource(String name, URI defaultBaseUrl) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,40}");

    /** Keras Applications on Google Cloud Storage (alive). */
    public static final WeightSource KERAS =
            new WeightSource("keras", URI.create("https://storage.googleapis.com/tensorflow/keras-applications/"));
    /** DL4J's model zoo host; it answers 403 since late 2024, so configure a mirror or import the zips. */
    public static final WeightSource DL4J = new WeightSource("dl4j", URI.create("https://dl4jdata.blob.core.windows.net/"));
    /** Files that only exist locally (the project's own trained models): import them, nothing to download. */
    public static final WeightSource LOCAL = new WeightSource("local", null);

    public WeightSource {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("weight source name must be lower-case letters, digits and '-', got '" + name + "'");
        }
        if (defaultBaseUrl != null) {
            defaultBaseUrl = asBase(defaultBaseUrl);
        }
    }

    /** The system property that overrides this source's base URL, e.g. {@code transfer4j.mirror.keras}. */
    public String mirrorProperty() {
        return "transfer4j.mirror." + name;
    }

    /** The environment variable that overrides this source's base URL, e.g. {@code TRANSFER4J_MIRROR_KERAS}. */
    public String mirrorEnv() {
        return "TRANSFER4J_MIRROR_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** A base URL with a trailing slash, so relative paths resolve below it rather than beside it. */
    static URI asBase(URI base) {
        if (!base.isAbsolute() || base.getHost() == null) {
            throw new IllegalArgumentException("a base URL needs a scheme and a host, got '" + base + "'");
        }
        String s = base.toString();
        return s.endsWith("/") ? base : URI.create(s + "/");
    }
}
