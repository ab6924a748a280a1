package io.transfer4j.transfer.explain;

import io.transfer4j.dsl.Layers;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.ndarray.INDArray;
import io.transfer4j.dsl.AxisSoftmax;

/**
 * The part of a graph after one layer, as a graph of its own whose input is that layer's activation and whose
 * output is the class scores before the softmax; its backward pass gives d score / d activation (Grad-CAM's
 * gradient). DL4J 1.0.0-M2.1 exposes no input gradients, so this subclass runs the protected backward pass
 * with an external error at the output and reads the error that reached the input. Runs without workspaces,
 * layers unfrozen (a frozen layer passes no gradient back), dropout off (inference forward pass).
 *
 * <pre>{@code INDArray g = GradientProbe.after(graph, "block5_conv3").gradient(activation, classIndex);}</pre>
 */
final class GradientProbe extends ComputationGraph {
    private final String input;

    private GradientProbe(ComputationGraphConfiguration conf, String input) {
        super(conf);
        this.input = input;
    }

    /** The probe for {@code layer} of {@code full}, parameters copied: its output is the class scores. */
    static GradientProbe after(ComputationGraph full, String layer) {
        return build(full, layer, full.getConfiguration().getNetworkOutputs().get(0), true);
    }

    /**
     * The probe from {@code from} (a layer, or the network's input) to {@code to}, whose output is then {@code to}'s
     * activation as it is: with {@link #gradient(INDArray, INDArray)}, the input gradient of any function of a
     * layer's activations (filter patterns maximise a channel's mean).
     */
    static GradientProbe between(ComputationGraph full, String from, String to) {
        if (!full.getConfiguration().getVertices().containsKey(to)) {
            throw new IllegalArgumentException("no layer named '" + to + "'; close matches: "
                    + io.transfer4j.dsl.Names.closest(to, full.getConfiguration().getVertices().keySet()));
        }
        return build(full, from, to, to.equals(full.getConfiguration().getNetworkOutputs().get(0)));
    }

    private static GradientProbe build(ComputationGraph full, String layer, String out, boolean scoresAtOutput) {
        ComputationGraphConfiguration conf = full.getConfiguration().clone();
        if (!conf.getVertices().containsKey(layer) && !conf.getNetworkInputs().contains(layer)) {
            throw new IllegalArgumentException("no layer named '" + layer + "'; close matches: "
                    + io.transfer4j.dsl.Names.closest(layer, conf.getVertices().keySet()));
        }
        Set<String> after = descendants(conf, layer);
        if (!after.contains(out)) {
            throw new IllegalArgumentException("'" + out + "' does not depend on layer '" + layer + "'");
        }
        after.retainAll(ancestors(conf, out));
        Map<String, GraphVertex> vertices = new LinkedHashMap<>();
        Map<String, List<String>> inputs = new HashMap<>();
        for (String v : after) {
            for (String in : conf.getVertexInputs().get(v)) {
                if (!in.equals(layer) && !after.contains(in)) {
                    throw new IllegalArgumentException("layer '" + v + "' reads '" + in + "' as well as what follows '" + layer
                            + "', so the class score is not a function of '" + layer + "' alone; pick a layer every later layer"
                            + " depends on only (e.g. the output of a whole block)");
                }
            }
            GraphVertex gv = conf.getVertices().get(v);
            if (gv instanceof LayerVertex lv) {
                Layer l = withoutDropout(Layers.unwrapFrozen(lv.getLayerConf().getLayer()));
                lv.getLayerConf().setLayer(v.equals(out) && scoresAtOutput ? scores(l) : l);
            }
            vertices.put(v, gv);
            inputs.put(v, new ArrayList<>(conf.getVertexInputs().get(v)));
        }
        conf.setVertices(vertices);
        conf.setVertexInputs(inputs);
        conf.setNetworkInputs(new ArrayList<>(List.of(layer)));
        conf.setNetworkOutputs(new ArrayList<>(List.of(out)));
        conf.setTopologicalOrder(null);
        conf.setTopologicalOrderStr(null);
        conf.setTrainingWorkspaceMode(WorkspaceMode.NONE);
        conf.setInferenceWorkspaceMode(WorkspaceMode.NONE);
        GradientProbe probe = new GradientProbe(conf, layer);
        probe.init();
        for (String v : after) {
            if (probe.getVertex(v).hasLayer() && probe.getLayer(v).numParams() > 0) {
                probe.getLayer(v).setParams(full.getLayer(v).params().dup());
            }
        }
        return probe;
    }

    /**
     * {@code l} without dropout: a dropout layer becomes the identity, another layer's dropout is removed. Inference
     * applies no dropout, but DL4J's backward pass through a layer with dropout asks for the mask a training pass
     * would have made (AlexNet's and GoogLeNet's heads have dropout).
     */
    private static Layer withoutDropout(Layer l) {
        if (l instanceof DropoutLayer) {
            ActivationLayer identity = new ActivationLayer.Builder().activation(Activation.IDENTITY).build();
            identity.setLayerName(l.getLayerName());
            return identity;
        }
        if (l.getIDropout() == null) {
            return l;
        }
        Layer copy = l.clone();
        copy.setIDropout(null);
        return copy;
    }

    /** The output layer as class scores: its softmax (or loss) removed, its weights kept. */
    private static Layer scores(Layer l) {
        if (l instanceof OutputLayer o) {
            DenseLayer d = new DenseLayer.Builder().nIn(o.getNIn()).nOut(o.getNOut()).hasBias(o.hasBias())
                    .activation(Activation.IDENTITY).build();
            d.setLayerName(o.getLayerName());
            d.setWeightInitFn(o.getWeightInitFn());   // needed by init(); the weights are then copied over
            d.setIUpdater(o.getIUpdater());
            d.setBiasUpdater(o.getBiasUpdater());
            return d;
        }
        if (l instanceof BaseOutputLayer || (l instanceof ActivationLayer a
                && (a.getActivationFn() instanceof ActivationSoftmax || a.getActivationFn() instanceof AxisSoftmax))) {
            ActivationLayer identity = new ActivationLayer.Builder().activation(Activation.IDENTITY).build();
            identity.setLayerName(l.getLayerName());
            return identity;
        }
        Layer copy = l.clone();
        if (copy instanceof org.deeplearning4j.nn.conf.layers.BaseLayer b && b.getActivationFn() instanceof ActivationSoftmax) {
            b.setActivationFn(Activation.IDENTITY.getActivationFunction());
        }
        return copy;
    }

    /** Class scores (before any softmax) for activations {@code a} of the probed layer. */
    INDArray scores(INDArray a) {
        return outputSingle(false, a.dup());
    }

    /** d score[classIndex] / d a, for every example of the batch. */
    INDArray gradient(INDArray a, int classIndex) {
        INDArray scores = scores(a);
        if (scores.rank() != 2 || classIndex < 0 || classIndex >= scores.size(1)) {
            throw new IllegalArgumentException("class " + classIndex + " is not an index into the model's scores of shape "
                    + java.util.Arrays.toString(scores.shape()));
        }
        INDArray eps = scores.ulike().assign(0);
        for (int i = 0; i < scores.size(0); i++) {
            eps.putScalar(i, classIndex, 1.0);
        }
        return gradient(a, eps);
    }

    /** d sum(error * output) / d a: the input gradient of any function of the output whose gradient is {@code error}. */
    INDArray gradient(INDArray a, INDArray error) {
        feedForward(new INDArray[] {a.dup()}, false, false);
        calcBackpropGradients(false, false, error);
        INDArray g = getVertex(input).getEpsilon().dup();
        clearLayersStates();
        return g;
    }

    private static Set<String> ancestors(ComputationGraphConfiguration conf, String layer) {
        Set<String> seen = new LinkedHashSet<>(List.of(layer));
        Deque<String> todo = new ArrayDeque<>(List.of(layer));
        while (!todo.isEmpty()) {
            for (String in : conf.getVertexInputs().getOrDefault(todo.poll(), List.of())) {
                if (seen.add(in)) {
                    todo.add(in);
                }
            }
        }
        return seen;
    }

    private static Set<String> descendants(ComputationGraphConfiguration conf, String layer) {
        Map<String, List<String>> consumers = new HashMap<>();
        conf.getVertexInputs().forEach((v, ins) -> ins.forEach(i -> consumers.computeIfAbsent(i, k -> new ArrayList<>()).add(v)));
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(consumers.getOrDefault(layer, List.of()));
        while (!todo.isEmpty()) {
            String v = todo.poll();
            if (seen.add(v)) {
                todo.addAll(consumers.getOrDefault(v, List.of()));
            }
        }
        return seen;
    }
}
