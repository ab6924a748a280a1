package io.transfer4j.zoo.weights;

import io.transfer4j.zoo.Preprocessing;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One downloadable (or importable) weight file and everything needed to use it: where it lives, its pinned
 * checksum, its format, and how inputs must be prepared.
 *
 * <pre>{@code
 * WeightTag t = WeightRegistry.defaults().get("vgg16:imagenet");
 * Path h5 = ModelCache.fromEnvironment().resolve(t);        // downloaded once, verified every time
 * Preprocessing p = t.preprocessing();                       // caffe mode, 224x224
 *
 * WeightTag mine = WeightTag.builder("fashioncnn:fashion-mnist")
 *         .source(WeightSource.LOCAL).fileName("fashioncnn-fashion-mnist.zip")
 *         .hash(HashAlgorithm.SHA256, "…64 hex digits…").format(WeightFormat.TRANSFER4J)
 *         .includeTop(true).numClasses(10).preprocessing(Preprocessing.unit(28, 28, 1)).labels("fashion-mnist")
 *         .build();
 * WeightRegistry.defaults().register(mine);
 * }</pre>
 *
 * @param tag           {@code model:variant}, e.g. {@code vgg16:imagenet-notop}
 * @param model         the model the weights fit, the part before the colon
 * @param source        publisher (cache sub-directory, mirror setting, default base URL)
 * @param path          path relative to the source's base URL; {@code null} when the file cannot be downloaded
 * @param fileName      name of the file in the cache
 * @param hashAlgorithm algorithm of the pinned checksum (of the recorded one when unpinned)
 * @param hash          pinned checksum, canonical form (see {@link HashAlgorithm#normalize}); {@code null} when the
 *                      publisher pins none (Keras's MobileNet files): the first verified-complete copy's checksum is
 *                      recorded beside it and every later use is checked against that (trust on first use)
 * @param format        which loader reads it
 * @param includeTop    whether the file holds the classifier
 * @param numClasses    width of that classifier, 0 when there is none
 * @param preprocessing input preparation the weights were trained with
 * @param labels        id of the class-name list ("imagenet"), or {@code null}
 */
public record WeightTag(String tag, String model, WeightSource source, String path, String fileName,
                        HashAlgorithm hashAlgorithm, String hash, WeightFormat format, boolean includeTop,
                        int numClasses, Preprocessing preprocessing, String labels) {

    private static final Pattern TAG = Pattern.compile("[a-z0-9][a-z0-9._-]*:[a-z0-9][a-z0-9._-]*");
    // File and path-segment names: no separators, no "..", no leading dot, so a tag can never point
    // outside its cache directory or its source's base URL.
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,200}");

    public WeightTag {
        Objects.requireNonNull(tag, "tag");
        if (!TAG.matcher(tag).matches()) {
            throw new IllegalArgumentException("weight tag must look like 'model:variant' (lower-case letters, digits, '.', '_', '-'), got '"
                    + tag + "'");
        }
        if (!tag.startsWith(model + ":")) {
            throw new IllegalArgumentException("weight tag '" + tag + "' must start with its model name '" + model + ":'");
        }
        Objects.requireNonNull(source, "source of " + tag);
        Objects.requireNonNull(hashAlgorithm, "hash algorithm of " + tag);
        Objects.requireNonNull(format, "format of " + tag);
        Objects.requireNonNull(preprocessing, "preprocessing of " + tag);
        checkSafeName(tag, "file name", fileName);
        if (path != null) {
            for (String segment : path.split("/", -1)) {
                checkSafeName(tag, "path '" + path + "' segment", segment);
            }
            if (source.defaultBaseUrl() == null) {
                throw new IllegalArgumentException(tag + ": source '" + source.name() + "' has no base URL, so the tag cannot have a download path");
            }
        }
        try {
            hash = hash == null ? null : hashAlgorithm.normalize(hash);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(tag + ": " + e.getMessage(), e);
        }
        if (numClasses < 0 || (includeTop && numClasses == 0)) {
            throw new IllegalArgumentException(tag + ": numClasses must be positive with a top and 0 without, got " + numClasses);
        }
    }

    private static void checkSafeName(String tag, String what, String name) {
        if (name == null || !SAFE_NAME.matcher(name).matches() || name.contains("..")) {
            throw new IllegalArgumentException(tag + ": unsafe " + what + " '" + name
                    + "' (letters, digits, '.', '_', '-' only; no '..', no separators)");
        }
    }

    /** Whether the publisher pins a checksum (else the first copy's is recorded and checked from then on). */
    public boolean pinned() {
        return hash != null;
    }

    /** How the file is checked, for messages: "MD5 &lt;hash&gt;", or that the first copy's checksum is recorded. */
    public String checksumText() {
        return pinned() ? hashAlgorithm.label() + " " + hash
                : "no pinned checksum (the publisher gives none; the first copy's " + hashAlgorithm.label()
                + " is recorded and later uses are checked against it)";
    }

    /** The part after the colon, e.g. {@code imagenet-notop}. */
    public String variant() {
        return tag.substring(tag.indexOf(':') + 1);
    }

    /** Whether the file can be downloaded at all (otherwise it must be imported). */
    public boolean downloadable() {
        return path != null;
    }

    /** The URL against the given base (a mirror or the source's default). */
    public URI url(URI base) {
        if (path == null) {
            throw new IllegalStateException(tag + " has no download path");
        }
        return WeightSource.asBase(base).resolve(path);
    }

    /** The URL at the source's default location, if the tag can be downloaded. */
    public Optional<URI> defaultUrl() {
        return path == null ? Optional.empty() : Optional.of(url(source.defaultBaseUrl()));
    }

    /** A builder; {@code fileName} defaults to the last segment of {@code path}. */
    public static Builder builder(String tag) {
        return new Builder(tag);
    }

    /** Builds a {@link WeightTag}; every field but {@code path}, {@code fileName} and {@code labels} is required. */
    public static final class Builder {
        private final String tag;
        private WeightSource source;
        private String path;
        private String fileName;
        private HashAlgorithm hashAlgorithm;
        private String hash;
        private WeightFormat format;
        private boolean includeTop;
        private int numClasses;
        private Preprocessing preprocessing;
        private String labels;

        private Builder(String tag) {
            this.tag = tag;
        }

        public Builder source(WeightSource s) { this.source = s; return this; }
        public Builder path(String p) { this.path = p; return this; }
        public Builder fileName(String f) { this.fileName = f; return this; }
        public Builder hash(HashAlgorithm alg, String value) { this.hashAlgorithm = alg; this.hash = value; return this; }
        /** No published checksum: record the first copy's in {@code alg} (see {@link WeightTag#pinned()}). */
        public Builder unpinned(HashAlgorithm alg) { this.hashAlgorithm = alg; this.hash = null; return this; }
        public Builder format(WeightFormat f) { this.format = f; return this; }
        public Builder includeTop(boolean top) { this.includeTop = top; return this; }
        public Builder numClasses(int n) { this.numClasses = n; return this; }
        public Builder preprocessing(Preprocessing p) { this.preprocessing = p; return this; }
        public Builder labels(String id) { this.labels = id; return this; }

        public WeightTag build() {
            int colon = tag == null ? -1 : tag.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("weight tag must look like 'model:variant', got '" + tag + "'");
            }
            String file = fileName != null ? fileName : path == null ? null : path.substring(path.lastIndexOf('/') + 1);
            return new WeightTag(tag, tag.substring(0, colon), source, path, file, hashAlgorithm, hash, format,
                    includeTop, numClasses, preprocessing, labels);
        }
    }
}
