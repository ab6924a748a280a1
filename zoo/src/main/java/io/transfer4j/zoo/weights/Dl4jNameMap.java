package io.transfer4j.zoo.weights;

import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Translates layer names of DL4J model-zoo zips into the zoo's (Keras 2) layer names, so that
 * {@link Dl4jZipLoader} can copy parameters by name.
 *
 * <p>The maps, established from DL4J's zoo sources (deeplearning4j-zoo 1.0.0-M2.1) and its pretrained files,
 * which DL4J converted from Keras with its Keras import:
 * <table>
 * <caption>VGG16</caption>
 * <tr><th>DL4J name</th><th>zoo name</th></tr>
 * <tr><td>{@code block1_conv1} … {@code block5_conv3}, {@code fc1}, {@code fc2}, {@code predictions}
 *     (pretrained {@code vgg16_dl4j_inference.zip}: Keras 1 names kept by the import)</td><td>the same</td></tr>
 * <tr><td>{@code 0 1 | 3 4 | 6 7 8 | 10 11 12 | 14 15 16} (scratch config: layer indices; pools are
 *     2, 5, 9, 13, 17)</td><td>{@code block1_conv1 … block5_conv3}</td></tr>
 * <tr><td>{@code 18}, {@code 19}, {@code 20} (scratch top: dense, dense, output)</td><td>{@code fc1}, {@code fc2}, {@code predictions}</td></tr>
 * </table>
 * <table>
 * <caption>ResNet50 (stage s = 2..5, block letter b = a, b, c, … → i = 1, 2, 3, …)</caption>
 * <tr><th>DL4J name</th><th>zoo name</th></tr>
 * <tr><td>{@code conv1} (pretrained), {@code stem-cnn1} (scratch)</td><td>{@code conv1_conv}</td></tr>
 * <tr><td>{@code bn_conv1} (pretrained), {@code stem-batch1} (scratch)</td><td>{@code conv1_bn}</td></tr>
 * <tr><td>{@code res<s><b>_branch2a / 2b / 2c / 1}</td><td>{@code conv<s>_block<i>_1_conv / _2_conv / _3_conv / _0_conv}</td></tr>
 * <tr><td>{@code bn<s><b>_branch2a / 2b / 2c / 1}</td><td>{@code conv<s>_block<i>_1_bn / _2_bn / _3_bn / _0_bn}</td></tr>
 * <tr><td>{@code fc1000} (pretrained), {@code output} (scratch)</td><td>{@code predictions}</td></tr>
 * </table>
 * Names not in a map are kept as they are (a transfer4j-saved model already uses the zoo's names).
 *
 * <pre>{@code
 * Dl4jNameMap.resnet50().apply("bn3c_branch2b");   // "conv3_block3_2_bn"
 * }</pre>
 */
public final class Dl4jNameMap implements UnaryOperator<String> {
    private static final Pattern RESNET = Pattern.compile("(res|bn)([2-5])([a-z])_branch(2a|2b|2c|1)");
    private static final Map<String, String> RESNET_FIXED = Map.of(
            "conv1", "conv1_conv", "stem-cnn1", "conv1_conv",
            "bn_conv1", "conv1_bn", "stem-batch1", "conv1_bn",
            "fc1000", "predictions", "output", "predictions");
    private static final Map<String, String> VGG16_SCRATCH = Map.ofEntries(
            Map.entry("0", "block1_conv1"), Map.entry("1", "block1_conv2"),
            Map.entry("3", "block2_conv1"), Map.entry("4", "block2_conv2"),
            Map.entry("6", "block3_conv1"), Map.entry("7", "block3_conv2"), Map.entry("8", "block3_conv3"),
            Map.entry("10", "block4_conv1"), Map.entry("11", "block4_conv2"), Map.entry("12", "block4_conv3"),
            Map.entry("14", "block5_conv1"), Map.entry("15", "block5_conv2"), Map.entry("16", "block5_conv3"),
            Map.entry("18", "fc1"), Map.entry("19", "fc2"), Map.entry("20", "predictions"));

    private final String name;
    private final UnaryOperator<String> map;

    private Dl4jNameMap(String name, UnaryOperator<String> map) {
        this.name = name;
        this.map = map;
    }

    /** Names are kept (a transfer4j-saved model, or any DL4J zip whose names already match). */
    public static Dl4jNameMap identity() {
        return new Dl4jNameMap("identity", n -> n);
    }

    /** DL4J's VGG16 (pretrained and scratch) → the zoo's VGG16. */
    public static Dl4jNameMap vgg16() {
        return new Dl4jNameMap("vgg16", n -> VGG16_SCRATCH.getOrDefault(n, n));
    }

    /** DL4J's ResNet50 (pretrained and scratch) → the zoo's (Keras 2) ResNet50. */
    public static Dl4jNameMap resnet50() {
        return new Dl4jNameMap("resnet50", Dl4jNameMap::resnet);
    }

    /** The map for a zoo model name ({@code vgg16}, {@code resnet50}); identity for any other. */
    public static Dl4jNameMap forModel(String model) {
        return switch (model == null ? "" : model.toLowerCase(Locale.ROOT)) {
            case "vgg16" -> vgg16();
            case "resnet50" -> resnet50();
            default -> identity();
        };
    }

    @Override
    public String apply(String dl4jName) {
        return map.apply(dl4jName);
    }

    @Override
    public String toString() {
        return name;
    }

    private static String resnet(String n) {
        String fixed = RESNET_FIXED.get(n);
        if (fixed != null) {
            return fixed;
        }
        Matcher m = RESNET.matcher(n);
        if (!m.matches()) {
            return n;
        }
        int block = m.group(3).charAt(0) - 'a' + 1;
        String part = switch (m.group(4)) {
            case "2a" -> "1";
            case "2b" -> "2";
            case "2c" -> "3";
            default -> "0";
        };
        return "conv" + m.group(2) + "_block" + block + "_" + part + (m.group(1).equals("res") ? "_conv" : "_bn");
    }
}
