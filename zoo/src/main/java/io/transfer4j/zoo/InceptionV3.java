package io.transfer4j.zoo;

import io.transfer4j.dsl.Network;
import io.transfer4j.dsl.NetworkBuilder;
import io.transfer4j.dsl.Shape;

/**
 * Inception v3 (Szegedy et al. 2015) as Keras Applications builds it: a stem of 3×3 convs and max pools, three
 * 35×35 modules ({@code mixed0}–{@code mixed2}), a grid reduction ({@code mixed3}), four 17×17 modules with
 * factorised 1×7 / 7×1 convolutions ({@code mixed4}–{@code mixed7}), a second reduction ({@code mixed8}) and two
 * 8×8 modules whose 3×3 branches split into 1×3 and 3×1 ({@code mixed9}, {@code mixed10}); global average pool
 * and classifier. Every conv is Keras's {@code conv2d_bn}: conv without bias, batch norm without scale
 * ({@code scale=False}: beta, moving mean and variance, epsilon 1e-3), ReLU. Keras leaves those layers unnamed,
 * so they carry the names Keras 2.0 generated when it saved the weight files, in creation order:
 * {@code conv2d_1} / {@code batch_normalization_1} / {@code activation_1} … {@code _94},
 * {@code max_pooling2d_1}…, {@code average_pooling2d_1}…, {@code concatenate_1}, {@code concatenate_2}; the
 * modules are {@code mixed0} … {@code mixed10} ({@code mixed9_0}, {@code mixed9_1} inside), then {@code avg_pool},
 * {@code predictions}. 23,851,784 parameters with the 1000-class top; input 299×299, at least 75×75.
 *
 * <pre>{@code Network m = Zoo.inceptionV3().includeTop(false).pooling(Pooling.AVG).inputShape(139, 139, 3).build();}</pre>
 */
final class InceptionV3 {
    private final NetworkBuilder b;
    private int convs;
    private int maxPools;
    private int avgPools;
    private int concats;

    private InceptionV3(NetworkBuilder b) {
        this.b = b;
    }

    static Network define(ModelOptions o) {
        NetworkBuilder b = Heads.start("inceptionv3", o);
        new InceptionV3(b).body();
        return Heads.finish(b, o, Heads.pooledClassifier(o, "avg_pool", "predictions"));
    }

    private void body() {
        convBn(32, 3, 3, 2, false);
        convBn(32, 3, 3, 1, false);
        convBn(64, 3, 3, 1, true);
        maxPool();
        convBn(80, 1, 1, 1, false);
        convBn(192, 3, 3, 1, false);
        maxPool();
        for (int i = 0; i < 3; i++) {
            module35(i == 0 ? 32 : 64, "mixed" + i);
        }
        reduction35();
        module17(128, "mixed4");
        module17(160, "mixed5");
        module17(160, "mixed6");
        module17(192, "mixed7");
        reduction17();
        module8("mixed9", 0);
        module8("mixed10", 1);
    }

    /** 35×35 module: 1×1 64 | 1×1 48 → 5×5 64 | 1×1 64 → 3×3 96 → 3×3 96 | avg pool → 1×1 {@code pool}. */
    private void module35(int pool, String name) {
        String in = b.last();
        String a = convBn(64, 1, 1, 1, true);
        b.from(in);
        convBn(48, 1, 1, 1, true);
        String c = convBn(64, 5, 5, 1, true);
        b.from(in);
        convBn(64, 1, 1, 1, true);
        convBn(96, 3, 3, 1, true);
        String d = convBn(96, 3, 3, 1, true);
        b.from(in);
        avgPool();
        String e = convBn(pool, 1, 1, 1, true);
        b.concat(a, c, d, e).name(name);
    }

    /** 35 → 17: 3×3/2 384 | 1×1 64 → 3×3 96 → 3×3/2 96 | max pool 3×3/2. */
    private void reduction35() {
        String in = b.last();
        String a = convBn(384, 3, 3, 2, false);
        b.from(in);
        convBn(64, 1, 1, 1, true);
        convBn(96, 3, 3, 1, true);
        String c = convBn(96, 3, 3, 2, false);
        b.from(in);
        String d = maxPool();
        b.concat(a, c, d).name("mixed3");
    }

    /** 17×17 module with factorised 7×7 convolutions of width {@code w}. */
    private void module17(int w, String name) {
        String in = b.last();
        String a = convBn(192, 1, 1, 1, true);
        b.from(in);
        convBn(w, 1, 1, 1, true);
        convBn(w, 1, 7, 1, true);
        String c = convBn(192, 7, 1, 1, true);
        b.from(in);
        convBn(w, 1, 1, 1, true);
        convBn(w, 7, 1, 1, true);
        convBn(w, 1, 7, 1, true);
        convBn(w, 7, 1, 1, true);
        String d = convBn(192, 1, 7, 1, true);
        b.from(in);
        avgPool();
        String e = convBn(192, 1, 1, 1, true);
        b.concat(a, c, d, e).name(name);
    }

    /** 17 → 8: 1×1 192 → 3×3/2 320 | 1×1 192 → 1×7 → 7×1 → 3×3/2 192 | max pool 3×3/2. */
    private void reduction17() {
        String in = b.last();
        convBn(192, 1, 1, 1, true);
        String a = convBn(320, 3, 3, 2, false);
        b.from(in);
        convBn(192, 1, 1, 1, true);
        convBn(192, 1, 7, 1, true);
        convBn(192, 7, 1, 1, true);
        String c = convBn(192, 3, 3, 2, false);
        b.from(in);
        String d = maxPool();
        b.concat(a, c, d).name("mixed8");
    }

    /** 8×8 module: 1×1 320 | 1×1 384 → (1×3 | 3×1) | 1×1 448 → 3×3 384 → (1×3 | 3×1) | avg pool → 1×1 192. */
    private void module8(String name, int i) {
        String in = b.last();
        String a = convBn(320, 1, 1, 1, true);
        b.from(in);
        String split = convBn(384, 1, 1, 1, true);
        String c1 = convBn(384, 1, 3, 1, true);
        b.from(split);
        String c2 = convBn(384, 3, 1, 1, true);
        String c = b.concat(c1, c2).name("mixed9_" + i).last();
        b.from(in);
        convBn(448, 1, 1, 1, true);
        String split2 = convBn(384, 3, 3, 1, true);
        String d1 = convBn(384, 1, 3, 1, true);
        b.from(split2);
        String d2 = convBn(384, 3, 1, 1, true);
        String d = b.concat(d1, d2).name("concatenate_%d", ++concats).last();
        b.from(in);
        avgPool();
        String e = convBn(192, 1, 1, 1, true);
        b.concat(a, c, d, e).name(name);
    }

    /** Keras's conv2d_bn: conv (no bias) → batch norm without scale → ReLU; returns the ReLU's name. */
    private String convBn(int filters, int kh, int kw, int stride, boolean same) {
        int n = ++convs;
        b.conv(filters, kh, kw).stride(stride).noBias().name("conv2d_%d", n);
        if (same) {
            b.same();
        }
        return b.batchNorm().noScale().name("batch_normalization_%d", n).relu().name("activation_%d", n).last();
    }

    private String maxPool() {
        return b.maxPool(3).stride(2).name("max_pooling2d_%d", ++maxPools).last();
    }

    private void avgPool() {
        b.avgPool(3).stride(1).same().name("average_pooling2d_%d", ++avgPools);
    }

    static ModelInfo info() {
        return new ModelInfo("inceptionv3", Shape.image(299, 299, 3), 1000, "predictions", "mixed10", 2048,
                Preprocessing.tf(299, 299));
    }
}
