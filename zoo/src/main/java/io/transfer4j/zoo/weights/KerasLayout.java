package io.transfer4j.zoo.weights;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Keras ↔ DL4J array layouts, per layer kind and parameter:
 * <ul>
 * <li>conv kernel: Keras (kh, kw, in, out) → DL4J W [out, in, kh, kw]</li>
 * <li>depthwise kernel: Keras (kh, kw, in, mult) → DL4J W [kh, kw, in, mult] (same)</li>
 * <li>separable: depthwise (kh, kw, in, mult) → W [mult, in, kh, kw]; pointwise (1, 1, in·mult, out) → pW [out, in·mult, 1, 1]</li>
 * <li>dense kernel: Keras (in, out) → DL4J W [in, out]; right after a flatten, Keras's rows are in (h, w, c)
 *     order and DL4J's channels-first flatten wants (c, h, w), so the rows are permuted. A 1×1 conv kernel
 *     (1, 1, in, out) on a pooled 1×1 map is the same dense layer (Keras's MobileNet classifier
 *     {@code conv_preds}) and is taken as (in, out)</li>
 * <li>batch norm: gamma, beta, moving_mean as they are; moving_variance → DL4J's {@code log10stdev} =
 *     log10(sqrt(var)) (DL4J M2.1 stores that by default and {@code var} only with useLogStd(false); it
 *     squares 10^log10stdev back into the variance and adds eps when normalising, as Keras does)</li>
 * <li>biases: (n,) → the parameter's own shape</li>
 * </ul>
 */
final class KerasLayout {
    private KerasLayout() {
    }

    /** The shape the Keras array for DL4J parameter {@code key} of {@code t} must have. */
    static long[] kerasShape(TargetLayer t, String key) {
        long[] s = t.params().get(key);
        if (s.length == 4 && t.kind() == TargetLayer.Kind.CONV && key.equals("W")) {
            return new long[] {s[2], s[3], s[1], s[0]};
        }
        if (s.length == 4 && t.kind() == TargetLayer.Kind.SEPARABLE) {
            return new long[] {s[2], s[3], s[1], s[0]};   // W and pW alike
        }
        if (s.length == 4 || (s.length == 2 && key.equals("W"))) {
            return s.clone();                              // depthwise W, dense W
        }
        return new long[] {length(s)};                     // biases, BN vectors
    }

    /** Whether a file array of {@code shape} fits parameter {@code key}: {@link #kerasShape}, or a 1×1 conv kernel for a dense one. */
    static boolean fits(TargetLayer t, String key, long[] shape) {
        long[] want = kerasShape(t, key);
        if (Arrays.equals(want, shape)) {
            return true;
        }
        return t.kind() == TargetLayer.Kind.DENSE && key.equals("W") && t.flatten() == null && shape.length == 4
                && shape[0] == 1 && shape[1] == 1 && shape[2] == want[0] && shape[3] == want[1];
    }

    /** Converts one Keras array (already shape-checked) into DL4J parameter {@code key}'s shape. */
    static INDArray toDl4j(TargetLayer t, String key, INDArray keras) {
        long[] target = t.params().get(key);
        INDArray out;
        if (target.length == 4 && (t.kind() == TargetLayer.Kind.CONV || t.kind() == TargetLayer.Kind.SEPARABLE)) {
            out = keras.permute(3, 2, 0, 1);
        } else if (t.kind() == TargetLayer.Kind.DENSE && key.equals("W") && t.flatten() != null && !t.flatten().channelsLast()) {
            out = channelsLastRowsToChannelsFirst(keras, t.flatten());
        } else if (key.equals("log10stdev")) {
            out = Transforms.log(keras.reshape(length(target)), 10, true).muli(0.5);
        } else {
            out = keras;
        }
        return out.reshape(target);
    }

    /** Row (y·w + x)·c + ch of a channels-last flatten is row ch·h·w + y·w + x of a channels-first one. */
    static INDArray channelsLastRowsToChannelsFirst(INDArray w, TargetLayer.Flatten f) {
        long units = w.size(1);
        // one copy: the reshape of a C-ordered array is a view, the permuted view is copied once
        return w.reshape('c', f.height(), f.width(), f.channels(), units).permute(2, 0, 1, 3).dup('c')
                .reshape('c', (long) f.channels() * f.height() * f.width(), units);
    }

    /** The inverse of {@link #channelsLastRowsToChannelsFirst}. */
    static INDArray channelsFirstRowsToChannelsLast(INDArray w, TargetLayer.Flatten f) {
        long units = w.size(1);
        return w.reshape('c', f.channels(), f.height(), f.width(), units).permute(1, 2, 0, 3).dup('c')
                .reshape('c', (long) f.channels() * f.height() * f.width(), units);
    }

    private static long length(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }
}
