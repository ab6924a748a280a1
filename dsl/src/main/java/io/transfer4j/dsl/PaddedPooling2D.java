package io.transfer4j.dsl;

import java.util.Arrays;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLambdaLayer;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.enums.PadMode;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Max or average pooling with what DL4J 1.0.0-M2.1's {@code SubsamplingLayer} lacks: padding that differs per
 * side (ONNX {@code pads}, SAME with the extra pixel first) and ceil mode (PyTorch's {@code ceil_mode=True},
 * output {@code ceil((in + pads − k) / s) + 1}, minus one when the last window would start in the end padding).
 * It pads the input (−∞ for max, 0 for average), pools VALID, and for the average rescales each output by
 * {@code k·k / divisor}: the divisor counts the window's part inside the padded input with
 * {@code countIncludePad} (PyTorch/ONNX: ceil mode's extra cells never count), its real pixels without.
 * Written with SameDiff, so the backward pass is the exact gradient of these ops.
 *
 * <pre>{@code new PaddedPooling2D(true, new int[] {3, 3}, new int[] {2, 2}, new int[] {1, 1}, new int[] {0, 1, 0, 1}, true, false)}</pre>
 */
public class PaddedPooling2D extends SameDiffLambdaLayer {
    private boolean max;
    private int[] kernel;
    private int[] stride;
    private int[] dilation;
    private int[] pads;              // top, bottom, left, right
    private boolean ceilMode;
    private boolean countIncludePad;
    private long inHeight;
    private long inWidth;

    /** For JSON deserialisation. */
    public PaddedPooling2D() {
    }

    public PaddedPooling2D(boolean max, int[] kernel, int[] stride, int[] dilation, int[] pads, boolean ceilMode,
                           boolean countIncludePad) {
        this.max = max;
        this.kernel = kernel.clone();
        this.stride = stride.clone();
        this.dilation = dilation.clone();
        this.pads = pads.clone();
        this.ceilMode = ceilMode;
        this.countIncludePad = countIncludePad;
        if (!max && (dilation[0] != 1 || dilation[1] != 1)) {
            throw new IllegalArgumentException("average pooling has no dilation (PyTorch's AvgPool2d, ONNX's AveragePool)");
        }
    }

    /** Output length along one axis: floor or ceil mode, PyTorch's rule that the last window starts inside. */
    static int outputSize(int in, int k, int s, int padStart, int padEnd, boolean ceil) {
        int span = in + padStart + padEnd - k;
        if (span < 0) {
            return span;
        }
        int out = (ceil ? (span + s - 1) / s : span / s) + 1;
        if (ceil && (out - 1) * s >= in + padStart) {
            out--;
        }
        return out;
    }

    public boolean isMax() {
        return max;
    }

    public int[] getKernel() {
        return kernel.clone();
    }

    public int[] getStride() {
        return stride.clone();
    }

    public int[] getDilation() {
        return dilation.clone();
    }

    /** Top, bottom, left, right. */
    public int[] getPads() {
        return pads.clone();
    }

    public boolean isCeilMode() {
        return ceilMode;
    }

    public boolean isCountIncludePad() {
        return countIncludePad;
    }

    private int effective(int axis) {
        return dilation[axis] * (kernel[axis] - 1) + 1;
    }

    private int outHeight() {
        return outputSize((int) inHeight, effective(0), stride[0], pads[0], pads[1], ceilMode);
    }

    private int outWidth() {
        return outputSize((int) inWidth, effective(1), stride[1], pads[2], pads[3], ceilMode);
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        InputType.InputTypeConvolutional c = (InputType.InputTypeConvolutional) inputType;
        inHeight = c.getHeight();
        inWidth = c.getWidth();
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        if (!(inputType instanceof InputType.InputTypeConvolutional c)) {
            throw new IllegalArgumentException("pooling needs an image input (HxWxC), got " + inputType);
        }
        setNIn(c, true);
        return InputType.convolutional(outHeight(), outWidth(), c.getChannels());
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable x) {
        int oh = outHeight();
        int ow = outWidth();
        // Extra end padding so that VALID pooling yields ceil mode's last window.
        int extraH = Math.max(0, (oh - 1) * stride[0] + effective(0) - (int) inHeight - pads[0] - pads[1]);
        int extraW = Math.max(0, (ow - 1) * stride[1] + effective(1) - (int) inWidth - pads[2] - pads[3]);
        INDArray amounts = Nd4j.createFromArray(new int[][] {{0, 0}, {0, 0}, {pads[0], pads[1] + extraH}, {pads[2], pads[3] + extraW}});
        SDVariable padded = sd.nn().pad(x, sd.constant(amounts), PadMode.CONSTANT, max ? -Float.MAX_VALUE : 0.0);
        Pooling2DConfig conf = Pooling2DConfig.builder().kH(kernel[0]).kW(kernel[1]).sH(stride[0]).sW(stride[1])
                .pH(0).pW(0).dH(dilation[0]).dW(dilation[1]).paddingMode(PaddingMode.VALID).isNHWC(false).build();
        if (max) {
            return sd.cnn().maxPooling2d(padded, conf);
        }
        SDVariable mean = sd.cnn().avgPooling2d(padded, conf);
        return mean.mul(sd.constant(rescale(oh, ow)));
    }

    /** {@code kh·kw / divisor} per output position, shaped to broadcast over batch and channels. */
    private INDArray rescale(int oh, int ow) {
        float[] r = new float[oh * ow];
        for (int i = 0; i < oh; i++) {
            for (int j = 0; j < ow; j++) {
                r[i * ow + j] = (float) kernel[0] * kernel[1] / (span(i, 0, inHeight) * span(j, 2, inWidth));
            }
        }
        return Nd4j.create(r, new long[] {1, 1, oh, ow}, 'c').castTo(DataType.FLOAT);
    }

    /** The window's length along one axis that the divisor counts (PyTorch's avg_pool2d, ONNX's AveragePool). */
    private int span(int index, int padIndex, long in) {
        int k = kernel[padIndex / 2];
        int start = index * stride[padIndex / 2] - pads[padIndex];
        int end = Math.min(start + k, (int) in + pads[padIndex + 1]);
        if (countIncludePad) {
            return end - start;
        }
        return Math.min(end, (int) in) - Math.max(start, 0);
    }

    @Override
    public String toString() {
        return "PaddedPooling2D(" + (max ? "max" : "avg") + " k=" + Arrays.toString(kernel) + " s=" + Arrays.toString(stride)
                + " d=" + Arrays.toString(dilation) + " pads=" + Arrays.toString(pads) + (ceilMode ? " ceil" : "")
                + (countIncludePad ? " include-pad" : "") + ")";
    }
}
