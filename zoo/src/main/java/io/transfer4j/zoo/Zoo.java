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
        // Pick the CPU natives before anything here can load ND4J (javacpp reads the choice once).
        io.transfer4j.dsl.Natives.select();
        register(Vgg.info("vgg16"), o -> Vgg.define("vgg16", Vgg.VGG16, o));
        register(Vgg.info("vgg19"), o -> Vgg.define("vgg19", Vgg.VGG19, o));
        register(ResNet.info("resnet18", ResNet.R18, false), o -> ResNet.basic("resnet18", ResNet.R18, o));
        register(ResNet.info("resnet34", ResNet.R34, false), o -> ResNet.basic("resnet34", ResNet.R34, o));
        register(ResNet.info("resnet50", ResNet.R50, true), o -> ResNet.bottleneck("resnet50", ResNet.R50, o));
        register(ResNet.info("resnet101", ResNet.R101, true), o -> ResNet.bottleneck("resnet101", ResNet.R101, o));
        register(ResNet.info("resnet152", ResNet.R152, true), o -> ResNet.bottleneck("resnet152", ResNet.R152, o));
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
