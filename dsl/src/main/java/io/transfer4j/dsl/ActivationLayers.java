package io.transfer4j.dsl;

import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationELU;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU6;

/**
 * The stand-alone activation layers of {@link NetworkBuilder}: each adds one layer applying a function to the
 * previous node's output (named after the function, {@code relu1}, {@code gelu2}, ...), unlike {@link #act}, which
 * fuses the function into the layer added last. Public for the documentation and for callers in other languages;
 * only {@link NetworkBuilder} extends it (the constructor is package-private).
 *
 * <pre>{@code Network.builder("n").input(32, 32, 3).conv(16, 3).batchNorm().relu().globalAvgPool().output(10).build();}</pre>
 */
public abstract class ActivationLayers extends LastLayerOptions {
    ActivationLayers(NodeTable table, Cursor cursor) {
        super(table, cursor);
    }

    /** Appends {@code spec} after the current node; every layer call of the builder ends here. */
    NetworkBuilder add(LayerSpec spec) {
        cursor.appendLayer(spec);
        return self();
    }

    /** Parametric ReLU, one learned slope per channel (starting at 0.25, as PyTorch). */
    public NetworkBuilder prelu() {
        return prelu(false);
    }

    /** Parametric ReLU; {@code shared}: one slope for every value (PyTorch's {@code PReLU()} default). */
    public NetworkBuilder prelu(boolean shared) {
        return add(new PReluSpec(shared));
    }

    /** A stand-alone activation layer. */
    public NetworkBuilder activation(IActivation fn) {
        return add(new ActivationSpec(fn));
    }

    public NetworkBuilder activation(Activation fn) {
        return activation(fn.getActivationFunction());
    }

    public NetworkBuilder relu() {
        return activation(Activation.RELU);
    }

    public NetworkBuilder leakyRelu(double alpha) {
        return activation(new ActivationLReLU(alpha));
    }

    public NetworkBuilder elu() {
        return activation(Activation.ELU);
    }

    /** ELU {@code x > 0 ? x : alpha·(exp(x) − 1)}. */
    public NetworkBuilder elu(double alpha) {
        return activation(new ActivationELU(alpha));
    }

    /** SELU with the standard constants (λ 1.0507, α 1.6733), as PyTorch, Keras and ONNX. */
    public NetworkBuilder selu() {
        return activation(Activation.SELU);
    }

    /** {@code min(max(x, 0), 6)} (MobileNet). */
    public NetworkBuilder relu6() {
        return activation(new ActivationReLU6());
    }

    /** Hard sigmoid with ONNX's and Keras's slope 0.2 and offset 0.5; PyTorch's is {@code hardSigmoid(1 / 6.0, 0.5)}. */
    public NetworkBuilder hardSigmoid() {
        return activation(new HardSigmoidActivation());
    }

    /** Hard sigmoid {@code max(0, min(1, alpha·x + beta))}. */
    public NetworkBuilder hardSigmoid(double alpha, double beta) {
        return activation(new HardSigmoidActivation(alpha, beta));
    }

    /** Hard swish {@code x·relu6(x + 3)/6} (MobileNetV3). */
    public NetworkBuilder hardSwish() {
        return activation(new HardSwishActivation());
    }

    /** Exact GELU {@code x·Φ(x)} (PyTorch's default, ONNX's {@code Gelu}). */
    public NetworkBuilder gelu() {
        return gelu(false);
    }

    /** GELU; {@code approximate}: the tanh form (PyTorch's {@code approximate='tanh'}). */
    public NetworkBuilder gelu(boolean approximate) {
        return activation(new GeluActivation(approximate));
    }

    /** Swish / SiLU {@code x·sigmoid(x)} (EfficientNet). */
    public NetworkBuilder swish() {
        return activation(Activation.SWISH);
    }

    /** Same as {@link #swish()}: PyTorch's name. */
    public NetworkBuilder silu() {
        return swish();
    }

    public NetworkBuilder sigmoid() {
        return activation(Activation.SIGMOID);
    }

    public NetworkBuilder tanh() {
        return activation(Activation.TANH);
    }

    /**
     * Softmax layer. On a vector it normalises the vector; on an image (H×W×C) it normalises the channels at each
     * pixel (a 1×1-conv head's class scores sum to 1 per pixel, as Keras's and PyTorch's {@code dim=1} do), also
     * when given as {@code activation(Activation.SOFTMAX)} or fused with {@code act}.
     */
    public NetworkBuilder softmax() {
        return activation(Activation.SOFTMAX);
    }

    /** Softmax over a chosen axis of an image: {@code softmax(SoftmaxAxis.WIDTH)} is DL4J's own last-axis softmax. */
    public NetworkBuilder softmax(SoftmaxAxis axis) {
        return add(new ActivationSpec(Activation.SOFTMAX.getActivationFunction(), java.util.Objects.requireNonNull(axis, "axis")));
    }

    public NetworkBuilder identity() {
        return activation(Activation.IDENTITY);
    }
}
