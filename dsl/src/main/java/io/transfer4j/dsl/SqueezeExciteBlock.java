package io.transfer4j.dsl;

import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;

/**
 * Squeeze-and-excitation (MobileNetV3, EfficientNet, SE-ResNet): the block's input is averaged to one value per
 * channel ({@code squeeze}, a 1×1×C map), passed through a 1×1 conv to {@code reduced} channels ({@code reduce}) with an
 * activation ({@code act}, ReLU by default; EfficientNet's SiLU is {@code activation(Activation.SWISH)}), a 1×1 conv back
 * to C ({@code expand}) and a gate ({@code gate}, sigmoid by default, MobileNetV3's hard sigmoid), and the input is
 * multiplied per channel by that gate ({@code scale}, {@link NetworkBuilder#scaleChannels}).
 *
 * <pre>{@code
 * b.apply("block2_se", SqueezeExciteBlock.of(8).activation(Activation.SWISH));
 * // block2_se_squeeze, _reduce, _act, _expand, _gate, _scale
 * }</pre>
 */
public final class SqueezeExciteBlock implements Block {
    private final int reduced;
    private IActivation activation = Activation.RELU.getActivationFunction();
    private IActivation gate = Activation.SIGMOID.getActivationFunction();

    private SqueezeExciteBlock(int reduced) {
        this.reduced = LayerSpec.positive("squeeze-excite reduced channels", reduced);
    }

    /** Squeezes to {@code reduced} channels (torchvision's {@code squeeze_channels}). */
    public static SqueezeExciteBlock of(int reduced) {
        return new SqueezeExciteBlock(reduced);
    }

    /** Activation after the reducing conv (default ReLU). */
    public SqueezeExciteBlock activation(Activation fn) {
        return activation(fn.getActivationFunction());
    }

    public SqueezeExciteBlock activation(IActivation fn) {
        this.activation = java.util.Objects.requireNonNull(fn, "activation");
        return this;
    }

    /** The gate's function (default sigmoid; MobileNetV3's is {@code new HardSigmoidActivation(1 / 6.0, 0.5)}). */
    public SqueezeExciteBlock gate(IActivation fn) {
        this.gate = java.util.Objects.requireNonNull(fn, "gate");
        return this;
    }

    @Override
    public void define(NetworkBuilder b) {
        String input = b.last();
        int channels = b.shape().channels();
        b.globalAvgPool().keepDims().name("squeeze")
                .conv(reduced, 1).name("reduce").activation(activation).name("act")
                .conv(channels, 1).name("expand").activation(gate).name("gate");
        b.scaleChannels(input, b.last()).name("scale");
    }
}
