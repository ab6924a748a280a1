package io.transfer4j.dsl;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;

/**
 * Per-layer table of a graph: name, type, output shape (H×W×C), parameters (and weights without biases,
 * the count the course notes use), activation values per image, receptive field (size and jump), frozen
 * state; totals for parameters (total, trainable, non-trainable as Keras counts them), forward activation memory and a training estimate.
 * Works on any DL4J graph configuration, not only DSL-built ones.
 *
 * <pre>{@code System.out.println(Zoo.vgg16().build().summary());}</pre>
 */
public final class Summary {
    /**
     * One row of the table. {@code rf} (receptive field, in input pixels) and {@code jump} (input pixels
     * between neighbouring outputs) follow the height axis; both are 0 where they are not defined: a flat
     * output, or after a transposed conv whose upsampling makes the jump a fraction of an input pixel.
     * {@code nonTrainable} counts what no gradient step changes, as Keras's summary does: every parameter of a
     * frozen layer, and batch norm's moving mean and variance (updated as running averages, not trained).
     */
    public record Row(String name, String type, Shape shape, long params, long weights, long activations,
                      int rf, int jump, boolean frozen, long nonTrainable) {
    }

    private final String title;
    private final List<Row> rows;
    private final List<String> notes = new ArrayList<>();

    private Summary(String title, List<Row> rows) {
        this.title = title;
        this.rows = List.copyOf(rows);
    }

    /** Summary of a configuration whose inputs have these shapes. */
    public static Summary of(String title, ComputationGraphConfiguration conf, List<Shape> inputShapes) {
        InputType[] types = inputShapes.stream().map(Shape::toInputType).toArray(InputType[]::new);
        Map<String, InputType> out = ActivationTypes.of(conf, types);
        List<String> inputs = conf.getNetworkInputs();
        Map<String, int[]> rfs = new java.util.HashMap<>();
        List<Row> rows = new ArrayList<>();
        for (String name : order(conf)) {
            int idx = inputs.indexOf(name);
            if (idx >= 0) {
                Shape s = inputShapes.get(idx);
                rfs.put(name, new int[] {1, 1});
                rows.add(new Row(name, "Input", s, 0, 0, s.elements(), 1, 1, false, 0));
                continue;
            }
            GraphVertex v = conf.getVertices().get(name);
            Shape s = Shape.of(out.get(name));
            int rf = 0;
            int jump = Integer.MAX_VALUE;
            boolean known = true;
            for (String in : conf.getVertexInputs().get(name)) {
                int[] r = rfs.get(in);
                known &= r[1] > 0;
                rf = Math.max(rf, r[0]);
                jump = Math.min(jump, r[1]);
            }
            Layer layer = v instanceof LayerVertex lv ? Layers.unwrapFrozen(lv.getLayerConf().getLayer()) : null;
            boolean frozen = v instanceof LayerVertex lv && Layers.isFrozen(lv.getLayerConf().getLayer());
            int[] k = window(layer);
            if (known && k != null && layer instanceof Deconvolution2D) {
                // Each output of a transposed conv sees ceil(k/s) neighbouring inputs; outputs are s times denser.
                rf += ((k[0] + k[1] - 1) / k[1] - 1) * jump;
                known = jump % k[1] == 0;
                jump = known ? jump / k[1] : 0;
            } else if (known && k != null) {
                rf += (k[0] - 1) * jump;
                jump *= k[1];
            }
            if (!known || !s.image()) {
                rf = 0;
                jump = 0;
            }
            rfs.put(name, new int[] {rf, jump});
            long params = v.numParams(true);
            long fixed = frozen ? params : movingStatistics(layer);
            rows.add(new Row(name, type(v, layer, s), s, params, params - biases(layer), s.elements(), rf, jump, frozen, fixed));
        }
        return new Summary(title, rows);
    }

    /** Inputs first, then every vertex after all of its inputs, keeping definition order where free. */
    public static List<String> order(ComputationGraphConfiguration conf) {
        List<String> out = new ArrayList<>(conf.getNetworkInputs());
        java.util.Set<String> done = new java.util.HashSet<>(out);
        List<String> pending = new ArrayList<>(conf.getVertices().keySet());
        while (!pending.isEmpty()) {
            int before = pending.size();
            for (java.util.Iterator<String> it = pending.iterator(); it.hasNext(); ) {
                String v = it.next();
                if (done.containsAll(conf.getVertexInputs().get(v))) {
                    out.add(v);
                    done.add(v);
                    it.remove();
                }
            }
            if (pending.size() == before) {
                throw new IllegalStateException("graph has a cycle or a missing input among " + pending);
            }
        }
        return out;
    }

    /** Effective kernel size (after dilation) and stride along the height axis, or null. */
    private static int[] window(Layer l) {
        if (l instanceof ConvolutionLayer c) {
            int k = c.getDilation()[0] * (c.getKernelSize()[0] - 1) + 1;
            return new int[] {k, c.getStride()[0]};
        }
        if (l instanceof SubsamplingLayer p) {
            int k = p.getDilation()[0] * (p.getKernelSize()[0] - 1) + 1;
            return new int[] {k, p.getStride()[0]};
        }
        if (l instanceof PaddedPooling2D p) {
            int k = p.getDilation()[0] * (p.getKernel()[0] - 1) + 1;
            return new int[] {k, p.getStride()[0]};
        }
        return null;
    }

    /** Batch norm's moving mean and variance: one of each per channel. */
    private static long movingStatistics(Layer l) {
        return l instanceof BatchNormalization bn ? 2 * bn.getNOut() : 0;
    }

    private static long biases(Layer l) {
        boolean bias = (l instanceof ConvolutionLayer c && c.hasBias()) || (l instanceof DenseLayer d && d.hasBias())
                || (l instanceof BaseOutputLayer o && o.hasBias());
        return bias ? ((FeedForwardLayer) l).getNOut() : 0;
    }

    private static String type(GraphVertex v, Layer l, Shape s) {
        if (l == null) {
            if (v instanceof ElementWiseVertex e) {
                return e.getOp().name();
            }
            if (v instanceof MergeVertex) {
                return "Concat";
            }
            if (v instanceof PreprocessorVertex) {
                return "Flatten";
            }
            return v.getClass().getSimpleName();
        }
        String base = l.getClass().getSimpleName().replace("Layer", "");
        if (l instanceof ConvolutionLayer c) {
            return base.replace("Convolution", "Conv") + " " + c.getKernelSize()[0] + "x" + c.getKernelSize()[1]
                    + "/" + c.getStride()[0] + (c.getDilation()[0] > 1 ? " d" + c.getDilation()[0] : "")
                    + " " + activation(c.getActivationFn(), s);
        }
        if (l instanceof GlobalPoolingLayer g) {
            return "Global" + g.getPoolingType() + "Pool";
        }
        if (l instanceof SubsamplingLayer p) {
            return p.getPoolingType() + "Pool " + p.getKernelSize()[0] + "x" + p.getKernelSize()[1] + "/" + p.getStride()[0]
                    + (p.getDilation()[0] > 1 ? " d" + p.getDilation()[0] : "")
                    + (p.getPoolingType() == org.deeplearning4j.nn.conf.layers.PoolingType.AVG && p.isAvgPoolIncludePadInDivisor()
                    && p.getPadding()[0] + p.getPadding()[1] > 0 ? " incl-pad" : "");
        }
        if (l instanceof PaddedPooling2D p) {
            int[] pads = p.getPads();
            return (p.isMax() ? "MAX" : "AVG") + "Pool " + p.getKernel()[0] + "x" + p.getKernel()[1] + "/" + p.getStride()[0]
                    + (p.getDilation()[0] > 1 ? " d" + p.getDilation()[0] : "")
                    + " pad " + pads[0] + "," + pads[1] + "," + pads[2] + "," + pads[3]
                    + (p.isCeilMode() ? " ceil" : "") + (p.isCountIncludePad() ? " incl-pad" : "");
        }
        if (l instanceof org.deeplearning4j.nn.conf.layers.LocalResponseNormalization r) {
            // PyTorch's/ONNX's parameters (DL4J's alpha is per channel)
            return String.format(Locale.ROOT, "LRN %d a=%.3g b=%.3g k=%.3g", (int) r.getN(), r.getAlpha() * r.getN(), r.getBeta(), r.getK());
        }
        if (l instanceof org.deeplearning4j.nn.conf.layers.PReLULayer pr) {
            return "PReLU" + (pr.getSharedAxes() != null && pr.getSharedAxes().length == pr.getInputShape().length ? " shared" : "");
        }
        if (l instanceof BatchNormalization) {
            return "BatchNorm";
        }
        if (l instanceof org.deeplearning4j.nn.conf.layers.ActivationLayer a) {
            return activation(a.getActivationFn(), s);
        }
        if (l instanceof org.deeplearning4j.nn.conf.layers.DropoutLayer) {
            return "Dropout";   // its activation field is DL4J's global default and is never applied
        }
        if (l instanceof FeedForwardLayer f && !(l instanceof BatchNormalization)) {
            return base + " " + activation(((org.deeplearning4j.nn.conf.layers.BaseLayer) f).getActivationFn(), s);
        }
        return base;
    }

    /** The function's name; a softmax on an image says which axis it normalises over. */
    private static String activation(Object fn, Shape out) {
        if (fn instanceof ActivationSoftmax && out.image()) {
            return "softmax over width";   // DL4J's own softmax on NCHW (a graph not built by the DSL, or an old file)
        }
        return fn == null ? "" : fn.toString().replace("()", "").toLowerCase(Locale.ROOT);
    }

    public List<Row> rows() {
        return rows;
    }

    /** The row of a layer, by name. */
    public Row row(String name) {
        return rows.stream().filter(r -> r.name.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no layer '" + name + "' in " + title));
    }

    public long totalParams() {
        return rows.stream().mapToLong(Row::params).sum();
    }

    /** Parameters without conv/dense biases (the course's "weights" figure). */
    public long totalWeights() {
        return rows.stream().mapToLong(Row::weights).sum();
    }

    /** Parameters of frozen layers. */
    public long frozenParams() {
        return rows.stream().filter(Row::frozen).mapToLong(Row::params).sum();
    }

    /** Parameters no gradient step changes (Keras's "Non-trainable params"): frozen layers' and BN moving statistics. */
    public long nonTrainableParams() {
        return rows.stream().mapToLong(Row::nonTrainable).sum();
    }

    /** Parameters a gradient step changes (Keras's "Trainable params"): total minus {@link #nonTrainableParams()}. */
    public long trainableParams() {
        return totalParams() - nonTrainableParams();
    }

    /** Output values of every node for one image, input included (float32: ×4 bytes). */
    public long activations() {
        return rows.stream().mapToLong(Row::activations).sum();
    }

    /** Rough training memory for batch 1 with Adam: activations and their gradients, weights, gradients, two moments. */
    public long trainingBytesEstimate() {
        return 4L * (2 * activations() + 4 * totalParams());
    }

    /** Adds a line under the totals (the transfer API says how frozen BatchNorm behaves, for instance). */
    public Summary note(String line) {
        notes.add(line);
        return this;
    }

    private static String megabytes(long bytes) {
        double mb = bytes / 1048576.0;
        return String.format(Locale.ROOT, mb < 10 ? "%.2f MB" : "%.0f MB", mb);
    }

    /** Compact count as the course notes write it: 3.2M, 800K, 4096. */
    public static String compact(long n) {
        if (n < 10_000) {
            return Long.toString(n);
        }
        String unit = n >= 1_000_000 ? "M" : "K";
        double v = n / (n >= 1_000_000 ? 1e6 : 1e3);
        java.math.BigDecimal bd = new java.math.BigDecimal(v).round(new java.math.MathContext(2));
        return bd.stripTrailingZeros().toPlainString() + unit;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        int w = Math.max(24, rows.stream().mapToInt(r -> r.name.length()).max().orElse(0) + 1);
        int tw = Math.max(24, rows.stream().mapToInt(r -> r.type.length()).max().orElse(0) + 1);
        String fmt = "%-" + w + "s %-" + tw + "s %-14s %13s %13s %9s %9s %s%n";
        sb.append(title).append('\n');
        sb.append(String.format(Locale.ROOT, fmt, "layer", "type", "output", "params", "weights", "memory", "RF/jump", ""));
        for (Row r : rows) {
            String rf = r.rf > 0 ? r.rf + "/" + r.jump : "-";
            sb.append(String.format(Locale.ROOT, fmt, r.name, r.type, "[" + r.shape + "]", String.format(Locale.ROOT, "%,d", r.params),
                    String.format(Locale.ROOT, "%,d", r.weights), compact(r.activations), rf, r.frozen ? "frozen" : ""));
        }
        long act = activations();
        sb.append(String.format(Locale.ROOT, "parameters: %,d total, %,d trainable, %,d non-trainable (%,d in frozen layers,"
                + " %,d BatchNorm moving mean/variance); %,d without biases%n", totalParams(), trainableParams(),
                nonTrainableParams(), frozenParams(), nonTrainableParams() - frozenParams(), totalWeights()));
        sb.append(String.format(Locale.ROOT, "forward activations: %s values = %.1f MB per image (float32)%n",
                compact(act), act * 4 / 1048576.0));
        sb.append(String.format(Locale.ROOT, "training estimate (batch 1, Adam): %.1f MB = activations x2 + parameters x4%n",
                trainingBytesEstimate() / 1048576.0));
        notes.forEach(n -> sb.append(n).append('\n'));
        return sb.toString();
    }
}
