package io.transfer4j.zoo.weights;

import io.transfer4j.dsl.Names;
import io.transfer4j.zoo.Preprocessing;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * All known weight tags: the built-in Keras Applications and DL4J zoo files, plus tags registered at run
 * time (the project's own models, a user's files).
 *
 * <pre>{@code
 * WeightTag t = WeightRegistry.defaults().get("resnet50:imagenet");
 * List<WeightTag> vgg = WeightRegistry.defaults().forModel("vgg16");
 * WeightRegistry.defaults().register(myTag);
 * }</pre>
 */
public final class WeightRegistry {
    private static final WeightRegistry DEFAULTS = withBuiltIns();

    private final Map<String, WeightTag> tags = new ConcurrentSkipListMap<>();

    /** An empty registry. */
    public WeightRegistry() {
    }

    /** The process-wide registry: built-in tags plus whatever was {@link #register registered}. */
    public static WeightRegistry defaults() {
        return DEFAULTS;
    }

    /** A new registry holding only the built-in tags. */
    public static WeightRegistry withBuiltIns() {
        WeightRegistry r = new WeightRegistry();
        builtIns().forEach(r::register);
        return r;
    }

    /**
     * Adds a tag. Registering the same tag twice with identical content is harmless; a different tag under
     * an existing name is refused so a typo cannot silently replace pinned weights.
     */
    public WeightRegistry register(WeightTag tag) {
        WeightTag previous = tags.putIfAbsent(tag.tag(), tag);
        if (previous != null && !previous.equals(tag)) {
            throw new IllegalArgumentException("weight tag '" + tag.tag() + "' is already registered with different content ("
                    + previous.fileName() + ", " + previous.checksumText()
                    + "); pick another tag name");
        }
        return this;
    }

    /** The tag, case-insensitive. */
    public Optional<WeightTag> find(String tag) {
        return tag == null ? Optional.empty() : Optional.ofNullable(tags.get(tag.trim().toLowerCase(Locale.ROOT)));
    }

    /**
     * The tag, or an error listing the closest known tags.
     *
     * @throws IllegalArgumentException for an unknown tag
     */
    public WeightTag get(String tag) {
        return find(tag).orElseThrow(() -> new IllegalArgumentException("unknown weight tag '" + tag + "'; closest: "
                + String.join(", ", Names.closest(tag == null ? "" : tag.trim().toLowerCase(Locale.ROOT), tags.keySet()))
                + " (all tags: WeightRegistry.defaults().all(), or `transfer4j zoo list`)"));
    }

    /** {@code get(model + ":" + variant)}. */
    public WeightTag get(String model, String variant) {
        return get(model + ":" + variant);
    }

    /** Every tag, sorted by name. */
    public List<WeightTag> all() {
        return List.copyOf(tags.values());
    }

    /** Every tag of one model, sorted by name. */
    public List<WeightTag> forModel(String model) {
        List<WeightTag> out = new ArrayList<>();
        for (WeightTag t : tags.values()) {
            if (t.model().equalsIgnoreCase(model)) {
                out.add(t);
            }
        }
        return out;
    }

    /** Tags whose pinned checksum (in that algorithm) equals {@code hash}: used to say "this file is X, not Y". */
    public List<WeightTag> withHash(HashAlgorithm algorithm, String hash) {
        return tags.values().stream().filter(t -> t.hashAlgorithm() == algorithm && hash.equals(t.hash())).toList();
    }

    private static Collection<WeightTag> builtIns() {
        List<WeightTag> out = new ArrayList<>();
        Preprocessing caffe = Preprocessing.caffe(224, 224);
        Preprocessing torch = Preprocessing.torch(224, 224);
        keras(out, "vgg16", "vgg16/vgg16_weights_tf_dim_ordering_tf_kernels", caffe,
                "64373286793e3c8b2b4e3219cbf3544b", "6d6bbae143d832006294945121d1f1fc");
        keras(out, "vgg19", "vgg19/vgg19_weights_tf_dim_ordering_tf_kernels", caffe,
                "cbe5617147190e668d6c5d5026f83318", "253f8cb515780f3b799900260a226db6");
        keras(out, "resnet50", "resnet/resnet50_weights_tf_dim_ordering_tf_kernels", caffe,
                "2cb95161c43110f7111970584f804107", "4d473c1dd8becc155b73f8504c6f6626");
        keras(out, "densenet121", "densenet/densenet121_weights_tf_dim_ordering_tf_kernels", torch,
                "9d60b8095a5708f2dcce2bca79d332c7", "30ee3e1110167f948a6b9946edeeb738");
        // Keras "tf" preprocessing (scale to [-1, 1]) at 299x299; MD5s as keras/src/applications/*.py pin them
        Preprocessing tf299 = Preprocessing.tf(299, 299);
        keras(out, "inceptionv3", "inception_v3/inception_v3_weights_tf_dim_ordering_tf_kernels", tf299,
                "9a0d58056eeedaa3f26cb7ebd46da564", "bcbd6486424b2319ff4ef7d526e38f63");
        keras(out, "xception", "xception/xception_weights_tf_dim_ordering_tf_kernels", tf299,
                "0a58e3b7378bc2990ea3b43d5981f1f6", "b0042744bf5b25fce3cb969f33bebb97");
        mobileNets(out);
        out.add(dl4j("vgg16", "models/vgg16_dl4j_inference.zip", "3501732770", caffe));
        out.add(dl4j("resnet50", "models/resnet50_dl4j_inference.v3.zip", "3914447815", caffe));
        return out;
    }

    private static void keras(List<WeightTag> out, String model, String stem, Preprocessing p, String md5Top, String md5NoTop) {
        keras(out, model, stem + ".h5", stem + "_notop.h5", p, md5Top, md5NoTop);
    }

    /** The two Keras files of a model; a null MD5 (Keras pins none for MobileNets) makes an unpinned tag. */
    private static void keras(List<WeightTag> out, String model, String top, String noTop, Preprocessing p, String md5Top,
                              String md5NoTop) {
        out.add(kerasTag(model + ":imagenet", top, md5Top).includeTop(true).numClasses(1000).preprocessing(p).build());
        out.add(kerasTag(model + ":imagenet-notop", noTop, md5NoTop).includeTop(false).numClasses(0).preprocessing(p).build());
    }

    private static WeightTag.Builder kerasTag(String tag, String path, String md5) {
        WeightTag.Builder b = WeightTag.builder(tag).source(WeightSource.KERAS).path(path).format(WeightFormat.KERAS_H5).labels("imagenet");
        return md5 == null ? b.unpinned(HashAlgorithm.SHA256) : b.hash(HashAlgorithm.MD5, md5);
    }

    /**
     * MobileNet v1 and v2 at 224×224 for every alpha Keras publishes; keras/src/applications/mobilenet*.py download them
     * without a checksum, so the tags are unpinned (the first copy's SHA-256 is recorded and checked from then on).
     */
    private static void mobileNets(List<WeightTag> out) {
        Preprocessing tf = Preprocessing.tf(224, 224);
        String[][] v1 = {{"1.0", "1_0"}, {"0.75", "7_5"}, {"0.5", "5_0"}, {"0.25", "2_5"}};
        for (String[] a : v1) {
            String model = a[0].equals("1.0") ? "mobilenet" : "mobilenet-" + a[0];
            String stem = "mobilenet/mobilenet_" + a[1] + "_224_tf";
            keras(out, model, stem + ".h5", stem + "_no_top.h5", tf, null, null);
        }
        for (String a : new String[] {"1.0", "0.35", "0.5", "0.75", "1.3", "1.4"}) {
            String model = a.equals("1.0") ? "mobilenetv2" : "mobilenetv2-" + a;
            String stem = "mobilenet_v2/mobilenet_v2_weights_tf_dim_ordering_tf_kernels_" + a + "_224";
            keras(out, model, stem + ".h5", stem + "_no_top.h5", tf, null, null);
        }
    }

    private static WeightTag dl4j(String model, String path, String adler32, Preprocessing p) {
        return WeightTag.builder(model + ":dl4j-imagenet").source(WeightSource.DL4J).path(path)
                .hash(HashAlgorithm.ADLER32, adler32).format(WeightFormat.DL4J_ZIP).includeTop(true).numClasses(1000)
                .preprocessing(p).labels("imagenet").build();
    }
}
