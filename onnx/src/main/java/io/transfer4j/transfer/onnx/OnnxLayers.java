package io.transfer4j.transfer.onnx;

import static io.transfer4j.transfer.onnx.OnnxProtos.floatAttr;
import static io.transfer4j.transfer.onnx.OnnxProtos.intAttr;
import static io.transfer4j.transfer.onnx.OnnxProtos.intsAttr;
import static io.transfer4j.transfer.onnx.OnnxProtos.stringAttr;

import io.transfer4j.dsl.GroupedConvBlock;
import io.transfer4j.dsl.NetworkBuilder;
import io.transfer4j.dsl.Padding;
import io.transfer4j.dsl.Shape;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import onnx.Onnx;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The single-input ONNX nodes of {@link OnnxImport} as DSL layers: convolutions, normalisation, activations, pooling, reshapes, dense. */
final class OnnxLayers {
    private final OnnxImport im;

    OnnxLayers(OnnxImport importer) {
        this.im = importer;
    }

    void map(Onnx.NodeProto node, String op) {
        String x = node.getInput(0);
        NetworkBuilder b = im.b;
        b.from(im.node(x));
        Shape in = b.shapeOf(im.node(x));
        switch (op) {
            case "Conv" -> conv(node, in);
            case "BatchNormalization" -> {
                b.batchNorm().eps(floatAttr(node, "epsilon", 1e-5));
                im.weights.put(im.named(node), Map.of("gamma", im.constant(node, 1), "beta", im.constant(node, 2),
                        "mean", im.constant(node, 3), "var", im.constant(node, 4)));
            }
            case "Relu" -> layer(node, b::relu);
            case "Sigmoid" -> layer(node, b::sigmoid);
            case "Tanh" -> layer(node, b::tanh);
            case "Softmax" -> layer(node, b::softmax);
            case "HardSwish" -> layer(node, b::hardSwish);
            case "LeakyRelu" -> layer(node, () -> b.leakyRelu(floatAttr(node, "alpha", 0.01)));
            case "Elu" -> layer(node, () -> b.elu(floatAttr(node, "alpha", 1.0)));
            case "HardSigmoid" -> layer(node, () -> b.hardSigmoid(floatAttr(node, "alpha", 0.2), floatAttr(node, "beta", 0.5)));
            case "Clip" -> clip(node);
            case "MaxPool", "AveragePool" -> pool(node, op.equals("MaxPool"));
            case "GlobalAveragePool" -> globalPool(node, true, true);
            case "GlobalMaxPool" -> globalPool(node, false, true);
            case "ReduceMean" -> {
                long[] axes = node.getInputCount() > 1 ? im.constant(node, 1).toLongVector() : intsAttr(node, "axes");
                long[] sorted = Arrays.stream(axes).map(a -> a < 0 ? a + 4 : a).sorted().toArray();
                if (!in.image() || !Arrays.equals(sorted, new long[] {2, 3})) {
                    throw im.unsupported(node, "ReduceMean over axes " + Arrays.toString(axes) + " (height and width, 2 and 3, only)");
                }
                globalPool(node, true, intAttr(node, "keepdims", 1) == 1);
            }
            case "Flatten" -> {
                if (intAttr(node, "axis", 1) != 1) {
                    throw im.unsupported(node, "Flatten at axis " + intAttr(node, "axis", 1) + " (axis 1 only: one vector per example)");
                }
                toVector(node, in);
            }
            case "Squeeze" -> {
                long[] axes = node.getInputCount() > 1 ? im.constant(node, 1).toLongVector() : intsAttr(node, "axes");
                boolean unit = in.image() ? in.height() == 1 && in.width() == 1 : im.unitMaps.contains(x);
                if (!unit || !Arrays.equals(Arrays.stream(axes).map(a -> a < 0 ? a + 4 : a).sorted().toArray(), new long[] {2, 3})) {
                    throw im.unsupported(node, "Squeeze other than of the 1x1 height and width (axes 2, 3)");
                }
                toVector(node, in);
            }
            case "Unsqueeze" -> {
                long[] axes = node.getInputCount() > 1 ? im.constant(node, 1).toLongVector() : intsAttr(node, "axes");
                if (in.image() || !Arrays.equals(axes, new long[] {2, 3})) {
                    throw im.unsupported(node, "Unsqueeze other than a vector to N x C x 1 x 1 (axes 2, 3)");
                }
                im.alias(node, x);
                im.unitMaps.add(node.getOutput(0));
            }
            case "Reshape" -> reshape(node, in);
            case "Gemm", "MatMul" -> dense(node, op);
            case "Pad" -> {
                long[] p = im.constant(node, 1).toLongVector();   // begins then ends over N, C, H, W
                boolean zeros = node.getInputCount() < 3 || node.getInput(2).isEmpty() || im.constant(node, 2).getDouble(0) == 0;
                if (p.length != 8 || p[0] != 0 || p[1] != 0 || p[4] != 0 || p[5] != 0 || !zeros
                        || !stringAttr(node, "mode", "constant").equals("constant")) {
                    throw im.unsupported(node, "Pad other than zeros around height and width");
                }
                layer(node, () -> b.zeroPad((int) p[2], (int) p[6], (int) p[3], (int) p[7]));
            }
            default -> throw im.unsupported(node, "");
        }
    }

    private void clip(Onnx.NodeProto node) {
        double min = node.getInputCount() > 1 && !node.getInput(1).isEmpty() ? im.constant(node, 1).getDouble(0) : floatAttr(node, "min", Double.NEGATIVE_INFINITY);
        double max = node.getInputCount() > 2 && !node.getInput(2).isEmpty() ? im.constant(node, 2).getDouble(0) : floatAttr(node, "max", Double.POSITIVE_INFINITY);
        if (min == 0 && max == 6) {
            layer(node, im.b::relu6);
        } else if (min == 0 && max >= Float.MAX_VALUE) {
            layer(node, im.b::relu);
        } else {
            throw im.unsupported(node, "Clip(" + min + ", " + max + ") (only Clip(0, 6), ReLU6, and Clip(0, inf), ReLU)");
        }
    }

    private void conv(Onnx.NodeProto node, Shape in) {
        NetworkBuilder b = im.b;
        INDArray w = im.constant(node, 1);                  // [out, in/group, kh, kw]
        long group = intAttr(node, "group", 1);
        int out = (int) w.size(0);
        int kh = (int) w.size(2);
        int kw = (int) w.size(3);
        long[] s = intsAttr(node, "strides", 1, 1);
        long[] d = intsAttr(node, "dilations", 1, 1);
        INDArray bias = node.getInputCount() > 2 && !node.getInput(2).isEmpty() ? im.constant(node, 2) : null;
        if (group > 1 && !(group == in.channels() && w.size(1) == 1)) {
            if (d[0] != d[1]) {
                throw im.unsupported(node, "a grouped conv with dilations " + d[0] + "x" + d[1] + " (equal ones only)");
            }
            grouped(node, w, bias, (int) group, GroupedConvBlock.of(out, kh, kw, (int) group).stride((int) s[0], (int) s[1])
                    .dilation((int) d[0]).padding(padding(node)).bias(bias != null));
            return;
        }
        Map<String, INDArray> params = new HashMap<>();
        if (group == 1) {
            b.conv(out, kh, kw);
            params.put("W", w);
        } else {
            if (kh != kw) {
                throw im.unsupported(node, "a depthwise conv with a non-square kernel");
            }
            int mult = (int) (out / in.channels());
            b.depthwiseConv(kh, mult);
            params.put("W", w.reshape(in.channels(), mult, kh, kw).permute(2, 3, 0, 1).dup('c'));
        }
        b.stride((int) s[0], (int) s[1]).dilation((int) d[0], (int) d[1]).padding(padding(node));
        if (bias != null) {
            params.put("b", bias);
        } else {
            b.noBias();
        }
        im.weights.put(im.named(node), params);
    }

    /** A conv with 1 < groups < channels: the DSL's grouped conv block, each group's conv given its slice of the weights. */
    private void grouped(Onnx.NodeProto node, INDArray w, INDArray bias, int groups, GroupedConvBlock block) {
        String prefix = im.unique(OnnxImport.baseName(node));
        im.b.apply(prefix, block);
        long per = w.size(0) / groups;
        for (int g = 0; g < groups; g++) {
            Map<String, INDArray> params = new HashMap<>();
            params.put("W", w.get(NDArrayIndex.interval(g * per, (g + 1) * per), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all()).dup('c'));
            if (bias != null) {
                params.put("b", bias.get(NDArrayIndex.interval(g * per, (g + 1) * per)).dup());
            }
            im.weights.put(prefix + "_conv" + g, params);
        }
        im.layerOf.put(node.getOutput(0), im.b.last());
    }

    private void pool(Onnx.NodeProto node, boolean max) {
        NetworkBuilder b = im.b;
        long[] k = intsAttr(node, "kernel_shape");
        if (k[0] != k[1]) {
            throw im.unsupported(node, "a non-square pool window " + k[0] + "x" + k[1]);
        }
        if (max) {
            b.maxPool((int) k[0]);
        } else {
            b.avgPool((int) k[0]);
            if (intAttr(node, "count_include_pad", 0) == 1) {
                b.countIncludePad();
            }
        }
        long[] s = intsAttr(node, "strides", 1, 1);
        b.stride((int) s[0], (int) s[1]).padding(padding(node));
        long[] d = intsAttr(node, "dilations", 1, 1);
        if (d[0] != 1 || d[1] != 1) {
            b.dilation((int) d[0], (int) d[1]);
        }
        if (intAttr(node, "ceil_mode", 0) == 1) {
            b.ceilMode();
        }
        im.named(node);
    }

    /**
     * Global pooling: a vector when only flattening nodes read it (or the ONNX output drops the dimensions), else a
     * 1×1×C map (a squeeze-and-excitation squeeze feeding 1×1 convs).
     */
    private void globalPool(Onnx.NodeProto node, boolean avg, boolean keepDims) {
        boolean onlyFlattened = im.consumers.getOrDefault(node.getOutput(0), List.of()).stream()
                .allMatch(c -> List.of("Flatten", "Reshape", "Squeeze").contains(c.getOpType()));
        if (avg) {
            im.b.globalAvgPool();
        } else {
            im.b.globalMaxPool();
        }
        if (keepDims && !onlyFlattened) {
            im.b.keepDims();
        }
        im.named(node);
        if (keepDims && onlyFlattened) {
            im.unitMaps.add(node.getOutput(0));
        }
    }

    private void toVector(Onnx.NodeProto node, Shape in) {
        if (in.image()) {
            im.b.flatten();
            im.named(node);
        } else {
            im.layerOf.put(node.getOutput(0), im.node(node.getInput(0)));   // already one vector per example
        }
    }

    /** Reshape to one vector per example ({@code [0 | -1 | n, -1 | C·H·W]}), or of a vector to N×C×1×1. */
    private void reshape(Onnx.NodeProto node, Shape in) {
        long[] t = im.constant(node, 1).toLongVector();
        long size = in.image() ? (long) in.height() * in.width() * in.channels() : in.size();
        if (t.length == 2 && (t[1] == -1 || t[1] == size) && t[0] != -1 | t[1] != -1) {
            toVector(node, in);
        } else if (t.length == 4 && !in.image() && (t[1] == size || t[1] == -1) && t[2] == 1 && t[3] == 1) {
            im.alias(node, node.getInput(0));
            im.unitMaps.add(node.getOutput(0));
        } else {
            throw im.unsupported(node, "Reshape to " + Arrays.toString(t) + " (only to one vector per example, [N, -1], or a vector to [N, C, 1, 1])");
        }
    }

    private void dense(Onnx.NodeProto node, String op) {
        INDArray w = im.constant(node, 1);
        boolean transB = op.equals("Gemm") && intAttr(node, "transB", 0) == 1;
        if (op.equals("Gemm") && (intAttr(node, "transA", 0) != 0 || floatAttr(node, "alpha", 1) != 1 || floatAttr(node, "beta", 1) != 1)) {
            throw im.unsupported(node, "Gemm with transA, alpha or beta other than the defaults");
        }
        if (im.b.shapeOf(im.node(node.getInput(0))).image()) {
            throw im.unsupported(node, op + " on an image (flatten it first)");
        }
        INDArray dl4j = transB ? w.transpose().dup('c') : w;   // DL4J's dense W is [in, out]
        im.b.dense((int) dl4j.size(1));
        Map<String, INDArray> params = new HashMap<>(Map.of("W", dl4j));
        if (op.equals("Gemm") && node.getInputCount() > 2 && !node.getInput(2).isEmpty()) {
            params.put("b", im.constant(node, 2));
        } else {
            im.b.noBias();
        }
        im.weights.put(im.named(node), params);
    }

    /** ONNX pads are [top, left, bottom, right]; auto_pad SAME_UPPER / SAME_LOWER are the DSL's SAME / SAME_START. */
    private static Padding padding(Onnx.NodeProto node) {
        String auto = stringAttr(node, "auto_pad", "NOTSET");
        if (auto.equals("SAME_UPPER")) {
            return Padding.SAME;
        }
        if (auto.equals("SAME_LOWER")) {
            return Padding.SAME_START;
        }
        long[] p = intsAttr(node, "pads", 0, 0, 0, 0);
        return Padding.of((int) p[0], (int) p[2], (int) p[1], (int) p[3]);
    }

    private void layer(Onnx.NodeProto node, Runnable add) {
        add.run();
        im.named(node);
    }
}
