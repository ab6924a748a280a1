package io.transfer4j.transfer.onnx;

import static io.transfer4j.transfer.onnx.OnnxGraph.integer;
import static io.transfer4j.transfer.onnx.OnnxGraph.real;

import io.transfer4j.dsl.AxisSoftmax;
import io.transfer4j.dsl.GeluActivation;
import io.transfer4j.dsl.HardSigmoidActivation;
import io.transfer4j.dsl.HardSwishActivation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationELU;
import org.nd4j.linalg.activations.impl.ActivationHardSigmoid;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU6;
import org.nd4j.linalg.activations.impl.ActivationSELU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.activations.impl.ActivationSwish;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J activation functions → ONNX nodes (opset 13). Functions opset 13 has no operator for (GELU, swish, hard
 * swish) are written out of the operators it has, so any runtime computes the same values.
 */
final class OnnxActivations {
    private final OnnxGraph g;

    OnnxActivations(OnnxGraph g) {
        this.g = g;
    }

    /** The ONNX operator (or the decomposed function's name) for {@code fn}, or null when it has no export. */
    static String op(IActivation fn) {
        if (fn == null || fn instanceof ActivationIdentity) {
            return "Identity";
        }
        if (fn instanceof ActivationReLU r) {
            return r.getMax() == null && (r.getThreshold() == null || r.getThreshold() == 0.0)
                    && (r.getNegativeSlope() == null || r.getNegativeSlope() == 0.0) ? "Relu" : null;
        }
        if (fn instanceof ActivationReLU6) {
            return "Clip";
        }
        if (fn instanceof ActivationHardSigmoid || fn instanceof HardSigmoidActivation) {
            return "HardSigmoid";
        }
        if (fn instanceof ActivationLReLU) {
            return "LeakyRelu";
        }
        if (fn instanceof ActivationELU) {
            return "Elu";
        }
        if (fn instanceof ActivationSELU) {
            return "Selu";   // DL4J's constants are ONNX's defaults
        }
        if (fn instanceof ActivationSigmoid) {
            return "Sigmoid";
        }
        if (fn instanceof ActivationTanH) {
            return "Tanh";
        }
        if (fn instanceof ActivationSoftmax || fn instanceof AxisSoftmax) {
            return "Softmax";
        }
        if (fn instanceof ActivationSwish) {
            return "Swish";
        }
        if (fn instanceof HardSwishActivation) {
            return "HardSwish";
        }
        if (fn instanceof GeluActivation) {
            return "Gelu";
        }
        return null;
    }

    /** Emits {@code fn(x)}; the last node's output is named {@code name}. */
    String apply(String name, IActivation fn, String x) {
        String op = op(fn);
        String[] in = {x};
        return switch (op) {
            case "LeakyRelu" -> g.node(op, name, name, in, real("alpha", ((ActivationLReLU) fn).getAlpha()));
            case "Elu" -> g.node(op, name, name, in, real("alpha", ((ActivationELU) fn).getAlpha()));
            // DL4J normalises over the last axis (classes for [n, c]; width for images): mirror it.
            // The DSL's softmax on a feature map (AxisSoftmax): the same NCHW dimension (1 = channels) in both engines.
            case "Softmax" -> g.node(op, name, name, in, integer("axis", fn instanceof AxisSoftmax a ? a.getDimension() : -1));
            case "Clip" -> g.node(op, name, name, new String[] {x, scalar(name + "_min", 0), scalar(name + "_max", 6)});
            case "HardSigmoid" -> fn instanceof HardSigmoidActivation h
                    ? g.node(op, name, name, in, real("alpha", h.getAlpha()), real("beta", h.getBeta()))
                    : g.node(op, name, name, in, real("alpha", 0.2), real("beta", 0.5));
            case "Swish" -> g.node("Mul", name, name, new String[] {x, g.node("Sigmoid", name + "_sigmoid", g.fresh(name), in)});
            case "HardSwish" -> g.node("Mul", name, name, new String[] {x, g.node("HardSigmoid", name + "_gate", g.fresh(name), in,
                    real("alpha", 1 / 6.0), real("beta", 0.5))});
            case "Gelu" -> gelu(name, ((GeluActivation) fn).isApproximate(), x);
            default -> g.node(op, name, name, in);
        };
    }

    /** {@code 0.5·x·(1 + erf(x/√2))}, or the tanh form {@code 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))}. */
    private String gelu(String name, boolean approximate, String x) {
        String phi;
        if (approximate) {
            String x2 = binary("Mul", name, x, x);
            String x3 = binary("Mul", name, x2, x);
            String inner = binary("Add", name, x, binary("Mul", name, x3, scalar(g.fresh(name + "_c"), 0.044715)));
            phi = g.node("Tanh", g.fresh(name), g.fresh(name), new String[] {binary("Mul", name, inner,
                    scalar(g.fresh(name + "_k"), Math.sqrt(2 / Math.PI)))});
        } else {
            phi = g.node("Erf", g.fresh(name), g.fresh(name), new String[] {binary("Div", name, x, scalar(g.fresh(name + "_sqrt2"), Math.sqrt(2)))});
        }
        String onePlus = binary("Add", name, phi, scalar(g.fresh(name + "_one"), 1));
        String half = binary("Mul", name, onePlus, scalar(g.fresh(name + "_half"), 0.5));
        return g.node("Mul", name, name, new String[] {x, half});
    }

    private String binary(String op, String name, String a, String b) {
        String out = g.fresh(name);
        return g.node(op, out, out, new String[] {a, b});
    }

    private String scalar(String name, double v) {
        return g.initializer(name, Nd4j.scalar(DataType.FLOAT, v));
    }
}
