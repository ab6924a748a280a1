package io.transfer4j.zoo;

import io.transfer4j.dsl.Names;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The model registry: every classic CNN written in the DSL, by name, with its metadata.
 *
 * <table>
 *   <caption>Registered models (parameters with the native top)</caption>
 *   <tr><th>name</th><th>input</th><th>parameters</th><th>feature layer (width)</th><th>names</th></tr>
 *   <tr><td>lenet5</td><td>32×32×1</td><td>61,706</td><td>c5 (120)</td><td>course figure</td></tr>
 *   <tr><td>lab-cnn</td><td>28×28×1</td><td>1,199,882</td><td>pool (64)</td><td>course lab</td></tr>
 *   <tr><td>alexnet</td><td>227×227×3</td><td>62,378,344</td><td>pool3 (256)</td><td>course listing</td></tr>
 *   <tr><td>vgg16 / vgg19</td><td>224×224×3</td><td>138,357,544 / 143,667,240</td><td>block5_pool (512)</td><td>Keras</td></tr>
 *   <tr><td>resnet18 / resnet34</td><td>224×224×3</td><td>11,689,512 / 21,797,672 (*)</td><td>conv5_blockN_out (512)</td><td>Keras style</td></tr>
 *   <tr><td>resnet50 / 101 / 152</td><td>224×224×3</td><td>25,636,712 / 44,707,176 / 60,419,944</td><td>conv5_blockN_out (2048)</td><td>Keras</td></tr>
 *   <tr><td>googlenet</td><td>224×224×3</td><td>6,624,904 (*)</td><td>inception5b_concat (1024)</td><td>torchvision style</td></tr>
 *   <tr><td>densenet121</td><td>224×224×3</td><td>8,062,504</td><td>relu (1024)</td><td>Keras</td></tr>
 *   <tr><td>mobilenet (-0.75 / -0.5 / -0.25)</td><td>224×224×3</td><td>4,253,864 (alpha 1.0)</td><td>conv_pw_13_relu (1024·alpha)</td><td>Keras</td></tr>
 *   <tr><td>inceptionv3</td><td>299×299×3</td><td>23,851,784</td><td>mixed10 (2048)</td><td>Keras</td></tr>
 *   <tr><td>xception</td><td>299×299×3</td><td>22,910,480</td><td>block14_sepconv2_act (2048)</td><td>Keras</td></tr>
 *   <tr><td>mobilenetv2 (-0.35 / -0.5 / -0.75 / -1.3 / -1.4)</td><td>224×224×3</td><td>3,538,984 (alpha 1.0)</td><td>out_relu (1280; 1664 / 1792 above 1.0)</td><td>Keras</td></tr>
 * </table>
 * (*) torchvision's figure, which leaves out batch norm's running mean and variance; DL4J stores them as
 * parameters, so {@code Network.parameterCount()} is higher by twice the BN channels.
 *
 * <pre>{@code
 * Network vgg = Zoo.vgg16().build();
 * Network features = Zoo.model("resnet50").includeTop(false).pooling(Pooling.AVG).numClasses(3)
 *         .inputShape(160, 160, 3).build();
 * ModelInfo info = Zoo.info("densenet121");      // feature layer "relu", width 1024, torch preprocessing
 * for (ModelInfo m : Zoo.models()) System.out.println(m.name());
 * }</pre>
 */
public final class Zoo {
    private record Entry(ModelInfo info, Architecture architecture) {
    }

    private static final Map<String, Entry> MODELS = Collections.synchronizedMap(new LinkedHashMap<>());

    static {
        register(LeNet5.info(), LeNet5::define);
        register(LabCnn.info(), LabCnn::define);
        register(AlexNet.info(), AlexNet::define);
        register(Vgg.info("vgg16"), o -> Vgg.define("vgg16", Vgg.VGG16, o));
        register(Vgg.info("vgg19"), o -> Vgg.define("vgg19", Vgg.VGG19, o));
        register(ResNet.info("resnet18", ResNet.R18, false), o -> ResNet.basic("resnet18", ResNet.R18, o));
        register(ResNet.info("resnet34", ResNet.R34, false), o -> ResNet.basic("resnet34", ResNet.R34, o));
        register(ResNet.info("resnet50", ResNet.R50, true), o -> ResNet.bottleneck("resnet50", ResNet.R50, o));
        register(ResNet.info("resnet101", ResNet.R101, true), o -> ResNet.bottleneck("resnet101", ResNet.R101, o));
        register(ResNet.info("resnet152", ResNet.R152, true), o -> ResNet.bottleneck("resnet152", ResNet.R152, o));
        register(GoogLeNet.info(), GoogLeNet::define);
        register(DenseNet.info("densenet121"), o -> DenseNet.define("densenet121", DenseNet.D121, o));
        for (double alpha : new double[] {1.0, 0.75, 0.5, 0.25}) {
            register(MobileNet.info(alpha), o -> MobileNet.define(alpha, o));
        }
        for (double alpha : new double[] {1.0, 0.35, 0.5, 0.75, 1.3, 1.4}) {
            register(MobileNetV2.info(alpha), o -> MobileNetV2.define(alpha, o));
        }
        register(InceptionV3.info(), InceptionV3::define);
        register(Xception.info(), Xception::define);
    }

    private Zoo() {
    }

    /** Adds a model (a user's own architecture, for instance); names are case-insensitive and unique. */
    public static void register(ModelInfo info, Architecture architecture) {
        String key = key(info.name());
        synchronized (MODELS) {
            if (MODELS.containsKey(key)) {
                throw new IllegalArgumentException("a zoo model named '" + key + "' is already registered");
            }
            MODELS.put(key, new Entry(info, architecture));
        }
    }

    /** Removes a registered model (a user's own; the built-in ones can be removed too, at the caller's risk). */
    public static void unregister(String name) {
        entry(name);
        MODELS.remove(key(name));
    }

    /** A builder for the named model: {@code Zoo.model("resnet50").includeTop(false).build()}. */
    public static ModelBuilder model(String name) {
        Entry e = entry(name);
        return new ModelBuilder(e.info(), e.architecture());
    }

    /** Metadata of the named model. */
    public static ModelInfo info(String name) {
        return entry(name).info();
    }

    /** Every registered model's metadata, in registration order. */
    public static List<ModelInfo> models() {
        synchronized (MODELS) {
            return MODELS.values().stream().map(Entry::info).toList();
        }
    }

    /** Every registered model name. */
    public static List<String> names() {
        synchronized (MODELS) {
            return new ArrayList<>(MODELS.keySet());
        }
    }

    public static ModelBuilder lenet5() {
        return model("lenet5");
    }

    public static ModelBuilder labCnn() {
        return model("lab-cnn");
    }

    public static ModelBuilder alexnet() {
        return model("alexnet");
    }

    public static ModelBuilder googlenet() {
        return model("googlenet");
    }

    public static ModelBuilder densenet121() {
        return model("densenet121");
    }

    /** MobileNet v1, alpha 1.0 ({@code model("mobilenet-0.25")} and 0.5, 0.75 for the narrower ones). */
    public static ModelBuilder mobilenet() {
        return model("mobilenet");
    }

    /** MobileNetV2, alpha 1.0 ({@code model("mobilenetv2-0.35")} and 0.5, 0.75, 1.3, 1.4 for the others). */
    public static ModelBuilder mobilenetV2() {
        return model("mobilenetv2");
    }

    public static ModelBuilder inceptionV3() {
        return model("inceptionv3");
    }

    public static ModelBuilder xception() {
        return model("xception");
    }

    public static ModelBuilder vgg16() {
        return model("vgg16");
    }

    public static ModelBuilder vgg19() {
        return model("vgg19");
    }

    public static ModelBuilder resnet18() {
        return model("resnet18");
    }

    public static ModelBuilder resnet34() {
        return model("resnet34");
    }

    public static ModelBuilder resnet50() {
        return model("resnet50");
    }

    public static ModelBuilder resnet101() {
        return model("resnet101");
    }

    public static ModelBuilder resnet152() {
        return model("resnet152");
    }

    private static Entry entry(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("model name must not be empty; known: " + names());
        }
        Entry e = MODELS.get(key(name));
        if (e == null) {
            throw new IllegalArgumentException("no zoo model named '" + name + "'; close matches: "
                    + Names.closest(key(name), names()) + " (all: " + names() + ")");
        }
        return e;
    }

    private static String key(String name) {
        return name.trim().toLowerCase(Locale.ROOT);
    }
}
