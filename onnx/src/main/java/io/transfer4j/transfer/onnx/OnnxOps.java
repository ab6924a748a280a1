package io.transfer4j.transfer.onnx;

import static io.transfer4j.transfer.onnx.OnnxGraph.integer;
import static io.transfer4j.transfer.onnx.OnnxGraph.ints;
import static io.transfer4j.transfer.onnx.OnnxGraph.real;
import static io.transfer4j.transfer.onnx.OnnxGraph.string;

import io.transfer4j.dsl.ChannelScaleVertex;
import io.transfer4j.dsl.Layers;
import io.transfer4j.dsl.PaddedPooling2D;
import java.util.ArrayList;
import java.util.List;
import onnx.Onnx;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.L2NormalizeVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import org.deeplearning4j.nn.conf.graph.SubsetVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LocalResponseNormalization;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.PReLULayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.convolutional.Cropping2D;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.ZeroPaddingLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** DL4J layer configuration + parameters → ONNX nodes. One method per layer family. */
final class OnnxOps {
    private final OnnxGraph g;
    private final ComputationGraph graph;
    private final OnnxActivations activations;
    private long[] inputSize;   // height, width of the layer being exported (1x1 for vectors)

    OnnxOps(OnnxGraph g, ComputationGraph graph) {
        this.g = g;
        this.graph = graph;
        this.activations = new OnnxActivations(g);
    }

    /** Why a vertex cannot be exported, or null when it can. */
    static String unsupported(GraphVertex v) {
        if (v instanceof org.deeplearning4j.nn.conf.graph.FrozenVertex f) {
            return unsupported(f.getUnderlying());
        }
        if (v instanceof MergeVertex || v instanceof L2NormalizeVertex || v instanceof ScaleVertex || v instanceof ChannelScaleVertex
                || v instanceof SubsetVertex) {
            return null;
        }
        if (v instanceof ElementWiseVertex e) {
            return e.getOp() == ElementWiseVertex.Op.Average ? "element-wise average" : null;
        }
        if (v instanceof PreprocessorVertex p) {
            return p.getPreProcessor() instanceof CnnToFeedForwardPreProcessor ? null : p.getPreProcessor().getClass().getSimpleName();
        }
        if (!(v instanceof LayerVertex lv)) {
            return v.getClass().getSimpleName();
        }
        Layer l = Layers.unwrapFrozen(lv.getLayerConf().getLayer());
        boolean known = l instanceof ConvolutionLayer || l instanceof SubsamplingLayer || l instanceof GlobalPoolingLayer
                || l instanceof BatchNormalization || l instanceof DenseLayer || l instanceof BaseOutputLayer
                || l instanceof ActivationLayer || l instanceof DropoutLayer || l instanceof ZeroPaddingLayer
                || l instanceof LocalResponseNormalization || l instanceof PaddedPooling2D || l instanceof PReLULayer
                || l instanceof Cropping2D || l instanceof LossLayer || l instanceof CnnLossLayer;
        if (!known) {
            return l.getClass().getSimpleName();
        }
        if (l instanceof CnnLossLayer c && !"Identity".equals(OnnxActivations.op(c.getActivationFn()))) {
            // DL4J applies it per pixel over the channels; the DSL's loss(...) is always identity
            return "per-pixel loss layer with activation " + c.getActivationFn() + " (identity only)";
        }
        if (l instanceof BaseLayer b && activationOp(b.getActivationFn()) == null) {
            return "activation " + b.getActivationFn();
        }
        if (l instanceof ActivationLayer a && activationOp(a.getActivationFn()) == null) {
            return "activation " + a.getActivationFn();
        }
        if (l instanceof GlobalPoolingLayer gp && gp.getPoolingType() != PoolingType.MAX && gp.getPoolingType() != PoolingType.AVG) {
            return "global " + gp.getPoolingType() + " pooling";
        }
        if (l instanceof SubsamplingLayer s && s.getPoolingType() != PoolingType.MAX && s.getPoolingType() != PoolingType.AVG) {
            return s.getPoolingType() + " pooling";
        }
        return null;
    }

    /** Emits the nodes for one layer whose input is {@code inHeight}×{@code inWidth}; the last node's output is named {@code name}. */
    String layer(String name, Layer conf, String x, long inHeight, long inWidth) {
        inputSize = new long[] {inHeight, inWidth};
        Layer l = Layers.unwrapFrozen(conf);
        if (l instanceof DepthwiseConvolution2D d) {
            return activation(name, d.getActivationFn(), depthwise(name, d, x));
        }
        if (l instanceof SeparableConvolution2D s) {
            return activation(name, s.getActivationFn(), separable(name, s, x));
        }
        if (l instanceof Deconvolution2D d) {
            return activation(name, d.getActivationFn(), transposed(name, d, x));
        }
        if (l instanceof ConvolutionLayer c) {
            INDArray w = param(name, "W");
            return activation(name, c.getActivationFn(), conv(name, c, x, w, c.hasBias() ? param(name, "b") : null, 1));
        }
        if (l instanceof SubsamplingLayer p) {
            return pool(name, p, x);
        }
        if (l instanceof PaddedPooling2D p) {
            return paddedPool(name, p, x);
        }
        if (l instanceof PReLULayer) {
            INDArray slope = param(name, "W");
            // DL4J keeps one slope per non-shared axis ([c, 1, 1] per channel): ONNX broadcasts the same shape
            return g.node("PRelu", name, name, new String[] {x, g.initializer(name + "_slope", slope)});
        }
        if (l instanceof Cropping2D c) {
            int[] k = c.getCropping();   // top, bottom, left, right
            String starts = g.initializerLongs(g.fresh(name + "_starts"), k[0], k[2]);
            String ends = g.initializerLongs(g.fresh(name + "_ends"), k[1] == 0 ? Long.MAX_VALUE : -k[1], k[3] == 0 ? Long.MAX_VALUE : -k[3]);
            String axes = g.initializerLongs(g.fresh(name + "_axes"), 2, 3);
            return g.node("Slice", name, name, new String[] {x, starts, ends, axes});
        }
        if (l instanceof GlobalPoolingLayer p) {
            String op = p.getPoolingType() == PoolingType.MAX ? "GlobalMaxPool" : "GlobalAveragePool";
            if (!p.isCollapseDimensions()) {   // keepDims: ONNX's own [n, c, 1, 1]
                return g.node(op, name, name, new String[] {x});
            }
            String pooled = g.node(op, name + "_pool", g.fresh(name), new String[] {x});
            return g.node("Flatten", name, name, new String[] {pooled}, integer("axis", 1));
        }
        if (l instanceof BatchNormalization bn) {
            return batchNorm(name, bn, x);
        }
        if (l instanceof DenseLayer || l instanceof BaseOutputLayer) {
            BaseLayer b = (BaseLayer) l;
            boolean bias = l instanceof DenseLayer d ? d.hasBias() : ((BaseOutputLayer) l).hasBias();
            List<String> in = new ArrayList<>(List.of(x, g.initializer(name + "_W", param(name, "W"))));
            if (bias) {
                INDArray b0 = param(name, "b");
                in.add(g.initializer(name + "_b", b0.reshape(b0.length())));
            }
            String y = g.node("Gemm", name + "_gemm", g.fresh(name), in.toArray(String[]::new));
            return activation(name, b.getActivationFn(), y);
        }
        if (l instanceof ActivationLayer a) {
            return activation(name, a.getActivationFn(), x);
        }
        if (l instanceof LossLayer || l instanceof CnnLossLayer) {
            // No parameters; at inference DL4J's LossLayer.activate is activationFn(input) (the DSL's loss(...): identity,
            // the softmax before it already ran): an Identity node named as the layer, so the output keeps its name.
            return activation(name, ((BaseLayer) l).getActivationFn(), x);
        }
        if (l instanceof ZeroPaddingLayer z) {
            int[] p = z.getPadding();   // top, bottom, left, right
            String pads = g.initializerLongs(name + "_pads", 0, 0, p[0], p[2], 0, 0, p[1], p[3]);
            return g.node("Pad", name, name, new String[] {x, pads});
        }
        if (l instanceof LocalResponseNormalization r) {
            // ONNX divides alpha by the window size; DL4J does not.
            return g.node("LRN", name, name, new String[] {x}, integer("size", (long) r.getN()),
                    real("alpha", r.getAlpha() * r.getN()), real("beta", r.getBeta()), real("bias", r.getK()));
        }
        // DropoutLayer: identity at inference.
        return g.node("Identity", name, name, new String[] {x});
    }

    private String conv(String name, ConvolutionLayer c, String x, INDArray w, INDArray b, long group) {
        List<String> in = new ArrayList<>(List.of(x, g.initializer(g.fresh(name + "_W"), w)));
        if (b != null) {
            in.add(g.initializer(g.fresh(name + "_b"), b.reshape(b.length())));
        }
        List<Onnx.AttributeProto> attrs = new ArrayList<>(List.of(
                ints("kernel_shape", c.getKernelSize()[0], c.getKernelSize()[1]),
                ints("strides", c.getStride()[0], c.getStride()[1]),
                ints("dilations", c.getDilation()[0], c.getDilation()[1]),
                integer("group", group)));
        attrs.add(c.getConvolutionMode() == ConvolutionMode.Same && (c.getDilation()[0] > 1 || c.getDilation()[1] > 1)
                ? samePads(c.getKernelSize(), c.getStride(), c.getDilation()) : padding(c.getConvolutionMode(), c.getPadding()));
        return g.node("Conv", name + "_conv", g.fresh(name), in.toArray(String[]::new), attrs.toArray(Onnx.AttributeProto[]::new));
    }

    /**
     * TensorFlow's SAME as explicit pads for this layer's input (ONNX Runtime refuses {@code auto_pad} with dilation):
     * total {@code max((out−1)·s + k_eff − in, 0)}, the smaller half first.
     */
    private Onnx.AttributeProto samePads(int[] k, int[] s, int[] d) {
        long[] t = new long[2];
        for (int a = 0; a < 2; a++) {
            long in = inputSize[a];
            long out = (in + s[a] - 1) / s[a];
            t[a] = Math.max((out - 1) * s[a] + (long) d[a] * (k[a] - 1) + 1 - in, 0);
        }
        return ints("pads", t[0] / 2, t[1] / 2, t[0] - t[0] / 2, t[1] - t[1] / 2);
    }

    private Onnx.AttributeProto padding(ConvolutionMode mode, int[] p) {
        if (mode == ConvolutionMode.Same) {
            return string("auto_pad", "SAME_UPPER");   // TensorFlow's SAME: any extra pixel at the end, as DL4J
        }
        return ints("pads", p[0], p[1], p[0], p[1]);
    }

    private String depthwise(String name, DepthwiseConvolution2D d, String x) {
        INDArray w = param(name, "W");                     // [kh, kw, in, mult]
        long in = w.size(2);
        long mult = w.size(3);
        INDArray ow = w.permute(2, 3, 0, 1).dup('c').reshape(in * mult, 1, w.size(0), w.size(1));
        return conv(name, d, x, ow, d.hasBias() ? param(name, "b") : null, in);
    }

    private String separable(String name, SeparableConvolution2D s, String x) {
        INDArray dw = param(name, "W");                    // [mult, in, kh, kw]
        long mult = dw.size(0);
        long in = dw.size(1);
        INDArray ow = dw.permute(1, 0, 2, 3).dup('c').reshape(in * mult, 1, dw.size(2), dw.size(3));
        String depth = conv(name + "_depthwise", s, x, ow, null, in);
        INDArray pw = param(name, "pW");                   // [out, in*mult, 1, 1]
        List<String> inputs = new ArrayList<>(List.of(depth, g.initializer(g.fresh(name + "_pW"), pw)));
        if (s.hasBias()) {
            INDArray b = param(name, "b");
            inputs.add(g.initializer(g.fresh(name + "_b"), b.reshape(b.length())));
        }
        return g.node("Conv", name + "_pointwise", g.fresh(name), inputs.toArray(String[]::new),
                ints("kernel_shape", 1, 1), ints("strides", 1, 1));
    }

    private String transposed(String name, Deconvolution2D d, String x) {
        INDArray w = param(name, "W");                     // [in, out, kh, kw], ONNX's ConvTranspose layout
        List<String> in = new ArrayList<>(List.of(x, g.initializer(g.fresh(name + "_W"), w)));
        if (d.hasBias()) {
            INDArray b = param(name, "b");
            in.add(g.initializer(g.fresh(name + "_b"), b.reshape(b.length())));
        }
        return g.node("ConvTranspose", name + "_deconv", g.fresh(name), in.toArray(String[]::new),
                ints("kernel_shape", d.getKernelSize()[0], d.getKernelSize()[1]),
                ints("strides", d.getStride()[0], d.getStride()[1]),
                ints("dilations", d.getDilation()[0], d.getDilation()[1]),
                padding(d.getConvolutionMode(), d.getPadding()));
    }

    private String pool(String name, SubsamplingLayer p, String x) {
        boolean max = p.getPoolingType() == PoolingType.MAX;
        List<Onnx.AttributeProto> attrs = new ArrayList<>(List.of(
                ints("kernel_shape", p.getKernelSize()[0], p.getKernelSize()[1]),
                ints("strides", p.getStride()[0], p.getStride()[1]),
                p.getConvolutionMode() == ConvolutionMode.Same && (p.getDilation()[0] > 1 || p.getDilation()[1] > 1)
                        ? samePads(p.getKernelSize(), p.getStride(), p.getDilation()) : padding(p.getConvolutionMode(), p.getPadding())));
        if (max) {
            attrs.add(ints("dilations", p.getDilation()[0], p.getDilation()[1]));
        } else {
            attrs.add(integer("count_include_pad", p.isAvgPoolIncludePadInDivisor() ? 1 : 0));
        }
        return g.node(max ? "MaxPool" : "AveragePool", name, name, new String[] {x}, attrs.toArray(Onnx.AttributeProto[]::new));
    }

    /** Pooling with per-side pads, ceil mode and the divisor rule as ONNX's attributes (pads: top, left, bottom, right). */
    private String paddedPool(String name, PaddedPooling2D p, String x) {
        int[] k = p.getKernel();
        int[] s = p.getStride();
        int[] pads = p.getPads();
        List<Onnx.AttributeProto> attrs = new ArrayList<>(List.of(ints("kernel_shape", k[0], k[1]), ints("strides", s[0], s[1]),
                ints("pads", pads[0], pads[2], pads[1], pads[3]), integer("ceil_mode", p.isCeilMode() ? 1 : 0)));
        if (p.isMax()) {
            attrs.add(ints("dilations", p.getDilation()[0], p.getDilation()[1]));
        } else {
            attrs.add(integer("count_include_pad", p.isCountIncludePad() ? 1 : 0));
        }
        return g.node(p.isMax() ? "MaxPool" : "AveragePool", name, name, new String[] {x}, attrs.toArray(Onnx.AttributeProto[]::new));
    }

    private String batchNorm(String name, BatchNormalization bn, String x) {
        long c = bn.getNOut();
        INDArray gamma = bn.isLockGammaBeta() ? Nd4j.valueArrayOf(c, bn.getGamma()) : param(name, "gamma").reshape(c);
        INDArray beta = bn.isLockGammaBeta() ? Nd4j.valueArrayOf(c, bn.getBeta()) : param(name, "beta").reshape(c);
        INDArray mean = param(name, "mean").reshape(c);
        INDArray var = bn.isUseLogStd()
                ? Transforms.pow(Transforms.pow(Nd4j.valueArrayOf(c, 10.0).castTo(mean.dataType()), param(name, "log10stdev").reshape(c), true), 2, false)
                : param(name, "var").reshape(c);
        return g.node("BatchNormalization", name, name, new String[] {x,
                g.initializer(name + "_gamma", gamma), g.initializer(name + "_beta", beta),
                g.initializer(name + "_mean", mean), g.initializer(name + "_var", var)}, real("epsilon", bn.getEps()));
    }

    private String activation(String name, IActivation fn, String x) {
        return activations.apply(name, fn, x);
    }

    static String activationOp(IActivation fn) {
        return OnnxActivations.op(fn);
    }

    private INDArray param(String layer, String key) {
        INDArray p = graph.getLayer(layer).getParam(key);
        if (p == null) {
            throw new IllegalStateException("layer '" + layer + "' has no parameter '" + key + "' (has "
                    + graph.getLayer(layer).paramTable().keySet() + ")");
        }
        return p;
    }

    /** DL4J's x / max(||x||, eps), the norm over {@code n}'s dimensions (all but the batch axis by default). */
    String l2Normalize(String name, L2NormalizeVertex n, String x, int rank) {
        int[] dims = n.getDimension();
        long[] axes = dims == null || dims.length == 0 ? java.util.stream.LongStream.range(1, rank).toArray()
                : java.util.Arrays.stream(dims).asLongStream().toArray();
        String norm = g.fresh(name + "_norm");
        g.node("ReduceL2", norm, norm, new String[] {x}, OnnxGraph.ints("axes", axes), OnnxGraph.integer("keepdims", 1));
        String eps = g.initializer(g.fresh(name + "_eps"), Nd4j.scalar(DataType.FLOAT, n.getEps()));
        String clamped = g.fresh(name + "_clamp");
        g.node("Max", clamped, clamped, new String[] {norm, eps});
        return g.node("Div", name, name, new String[] {x, clamped});
    }

    /** {@link ChannelScaleVertex}: a broadcasting Mul, the gate made {@code [n, c, 1, 1]} first when it is a vector. */
    String scaleChannels(String name, String x, String gate, boolean gateIsVector) {
        String g4 = gate;
        if (gateIsVector) {
            String axes = g.initializerLongs(g.fresh(name + "_axes"), 2, 3);
            g4 = g.node("Unsqueeze", name + "_gate", g.fresh(name + "_gate"), new String[] {gate, axes});
        }
        return g.node("Mul", name, name, new String[] {x, g4});
    }

    /** DL4J's SubsetVertex (channels from..to inclusive) as a Slice over axis 1. */
    String slice(String name, SubsetVertex s, String x) {
        String starts = g.initializerLongs(g.fresh(name + "_starts"), s.getFrom());
        String ends = g.initializerLongs(g.fresh(name + "_ends"), s.getTo() + 1L);
        String axes = g.initializerLongs(g.fresh(name + "_axes"), 1);
        return g.node("Slice", name, name, new String[] {x, starts, ends, axes});
    }

    /** DL4J's ScaleVertex: x times a constant. */
    String scale(String name, ScaleVertex s, String x) {
        String factor = g.initializer(g.fresh(name + "_factor"), Nd4j.scalar(DataType.FLOAT, s.getScaleFactor()));
        return g.node("Mul", name, name, new String[] {x, factor});
    }
}
