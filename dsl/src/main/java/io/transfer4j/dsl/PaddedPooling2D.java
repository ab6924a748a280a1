package io.transfer4j.dsl;

import java.util.Arrays;
import java.util.Collection;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.InputTypeUtil;
import org.deeplearning4j.nn.conf.layers.NoParamLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Max or average pooling with what DL4J 1.0.0-M2.1's {@code SubsamplingLayer} lacks: padding that differs per
 * side (ONNX {@code pads}, SAME with the extra pixel first) and ceil mode (PyTorch's {@code ceil_mode=True},
 * output {@code ceil((in + pads − k) / s) + 1}, minus one when the last window would start in the end padding).
 * It pads the input (−∞ for max, 0 for average), pools VALID, and for the average rescales each output by
 * {@code k·k / divisor}: the divisor counts the window's part inside the padded input with
 * {@code countIncludePad} (PyTorch/ONNX: ceil mode's extra cells never count), its real pixels without.
 * The backward pass runs the same ops' gradients (libnd4j's pooling backprop on the padded input, then the crop);
 * {@link PaddedPooling2DImpl} is the runtime layer.
 *
 * <pre>{@code new PaddedPooling2D(true, new int[] {3, 3}, new int[] {2, 2}, new int[] {1, 1}, new int[] {0, 1, 0, 1}, true, false)}</pre>
 */
public class PaddedPooling2D extends NoParamLayer {
    private boolean max;
    private int[] kernel;
    private int[] stride;
    private int[] dilation;
    private int[] pads;              // top, bottom, left, right
    private boolean ceilMode;
    private boolean countIncludePad;

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

    int effective(int axis) {
        return dilation[axis] * (kernel[axis] - 1) + 1;
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        if (!(inputType instanceof InputType.InputTypeConvolutional c)) {
            throw new IllegalArgumentException("pooling needs an image input (HxWxC), got " + inputType);
        }
        int[] out = outputSize(c.getHeight(), c.getWidth());
        return InputType.convolutional(out[0], out[1], c.getChannels());
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners,
                                                       int layerIndex, INDArray paramsView, boolean initializeParams,
                                                       DataType dataType) {
        return RuntimeLayers.wire(new PaddedPooling2DImpl(conf, dataType), conf, initializer(), listeners, layerIndex, paramsView,
                initializeParams);
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return InputTypeUtil.getPreProcessorForInputTypeCnnLayers(inputType, getLayerName());
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        InputType out = getOutputType(-1, inputType);
        return new LayerMemoryReport.Builder(layerName, PaddedPooling2D.class, inputType, out).standardMemory(0, 0)
                .workingMemory(0, inputType.arrayElementsPerExample(), 0, inputType.arrayElementsPerExample())
                .cacheMemory(0, 0).build();
    }

    /** Output rows and columns for an input of {@code h}×{@code w}. */
    int[] outputSize(long h, long w) {
        return new int[] {outputSize((int) h, effective(0), stride[0], pads[0], pads[1], ceilMode),
                outputSize((int) w, effective(1), stride[1], pads[2], pads[3], ceilMode)};
    }

    /** Total padding per side for this input (top, bottom, left, right): the declared pads plus ceil mode's extra. */
    int[] fullPads(long h, long w) {
        int[] out = outputSize(h, w);
        int extraH = Math.max(0, (out[0] - 1) * stride[0] + effective(0) - (int) h - pads[0] - pads[1]);
        int extraW = Math.max(0, (out[1] - 1) * stride[1] + effective(1) - (int) w - pads[2] - pads[3]);
        return new int[] {pads[0], pads[1] + extraH, pads[2], pads[3] + extraW};
    }

    /** {@code kh·kw / divisor} per output position, shaped to broadcast over batch and channels. */
    INDArray rescale(long h, long w, DataType type) {
        int[] out = outputSize(h, w);
        float[] r = new float[out[0] * out[1]];
        for (int i = 0; i < out[0]; i++) {
            for (int j = 0; j < out[1]; j++) {
                r[i * out[1] + j] = (float) kernel[0] * kernel[1] / (span(i, 0, h) * span(j, 2, w));
            }
        }
        return Nd4j.create(r, new long[] {1, 1, out[0], out[1]}, 'c').castTo(type);
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
