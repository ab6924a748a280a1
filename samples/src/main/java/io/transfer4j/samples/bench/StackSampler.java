package io.transfer4j.samples.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A sampling profiler for one thread: every few milliseconds it takes the thread's stack and charges the
 * sample to the innermost DL4J layer class and phase on it ({@code ConvolutionLayer.backpropGradient},
 * {@code BatchNormalization.activate}, ...), to the updater, or to graph bookkeeping. ND4J's work happens in
 * native code below those frames, so this says which layer's ops the time goes to, at no cost when off.
 *
 * <pre>{@code
 * StackSampler s = StackSampler.start(Thread.currentThread(), 5);
 * train();                     // the work to profile
 * Map<String, Double> share = s.stop();   // "ConvolutionLayer.backpropGradient" -> 0.41, ...
 * }</pre>
 */
final class StackSampler {
    private final Map<String, Integer> counts = new TreeMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread sampler;
    private int total;

    private StackSampler(Thread target, long periodMillis) {
        sampler = new Thread(() -> {
            while (running.get()) {
                record(target.getStackTrace());
                try {
                    Thread.sleep(periodMillis);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "stack-sampler");
        sampler.setDaemon(true);
    }

    static StackSampler start(Thread target, long periodMillis) {
        StackSampler s = new StackSampler(target, periodMillis);
        s.sampler.start();
        return s;
    }

    private synchronized void record(StackTraceElement[] stack) {
        if (stack.length == 0) {
            return;
        }
        counts.merge(bucket(stack), 1, Integer::sum);
        total++;
    }

    /**
     * The category of one stack: innermost layer frame, else updater, else the innermost graph frame. The
     * phase comes from the graph: DL4J recomputes a layer's forward output inside its backprop, and that
     * time belongs to the backward pass.
     */
    static String bucket(StackTraceElement[] stack) {
        boolean backward = false;
        for (StackTraceElement f : stack) {
            if (f.getMethodName().equals("calcBackpropGradients")) {
                backward = true;
                break;
            }
        }
        for (StackTraceElement f : stack) {
            String c = f.getClassName();
            if (c.startsWith("org.deeplearning4j.nn.updater") || c.startsWith("org.nd4j.linalg.learning")) {
                return "updater (Adam step, gradient views)";
            }
            if (c.startsWith("org.deeplearning4j.nn.layers.") || c.startsWith("org.deeplearning4j.nn.graph.vertex.impl.")) {
                String simple = c.substring(c.lastIndexOf('.') + 1);
                if (simple.equals("LayerVertex") || simple.startsWith("Base") && simple.endsWith("Layer")) {
                    continue;   // generic wrappers: keep looking for the concrete layer below
                }
                return simple + (backward ? ".backward" : ".forward");
            }
        }
        for (StackTraceElement f : stack) {
            if (f.getClassName().startsWith("org.deeplearning4j.nn.graph.ComputationGraph")) {
                return "ComputationGraph." + f.getMethodName() + " (bookkeeping)";
            }
        }
        return "other (" + stack[0].getClassName() + ")";
    }

    /** Stops sampling and returns each category's share of the samples, largest first. */
    synchronized Map<String, Double> stop() {
        running.set(false);
        sampler.interrupt();
        Map<String, Double> out = new LinkedHashMap<>();
        List<Map.Entry<String, Integer>> sorted = counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).toList();
        for (Map.Entry<String, Integer> e : sorted) {
            out.put(e.getKey(), total == 0 ? 0 : e.getValue() / (double) total);
        }
        return out;
    }

    synchronized int samples() {
        return total;
    }
}
