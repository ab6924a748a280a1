package io.transfer4j.transfer;

import io.transfer4j.zoo.Zoo;
import java.util.Locale;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.FrozenVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Measures what freezing the trunk as DL4J's feature extractor ({@code FrozenLayer}: no backprop below the
 * head, what {@link TransferModel} does) saves over wrapping every frozen layer in
 * {@code FrozenLayerWithBackprop} (gradients computed through the whole trunk and thrown away).
 * VGG16 without top, frozen, new 3-class head; prints training images per second for both.
 *
 * <pre>mvn -q -o test-compile exec:java -pl transfer -Dexec.classpathScope=test -Dexec.mainClass=io.transfer4j.transfer.FrozenTrunkBenchmark -Dexec.args="64 8 5"</pre>
 * Arguments: input size (default 64), batch (8), timed steps (5).
 */
public final class FrozenTrunkBenchmark {
    private FrozenTrunkBenchmark() {
    }

    public static void main(String[] args) {
        int size = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        TransferModel m = TransferModel.from(Zoo.vgg16().includeTop(false).inputShape(size, size, 3))
                .freezeAll().newHead(Head.classes(3).hidden(64));
        ComputationGraph noBackprop = m.graph();
        ComputationGraph withBackprop = new ComputationGraph(allWithBackprop(noBackprop.getConfiguration()));
        withBackprop.init(noBackprop.params().dup(), false);
        Nd4j.getRandom().setSeed(1);
        DataSet d = new DataSet(Nd4j.rand(new int[] {batch, 3, size, size}).muli(100), Nd4j.eye(3).getRows(
                java.util.stream.IntStream.range(0, batch).map(i -> i % 3).toArray()));
        System.out.printf(Locale.ROOT, "VGG16 trunk frozen, %dx%d, batch %d, %d steps, %d threads%n", size, size, batch, steps,
                Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "FrozenLayer trunk (transfer4j):      %.2f images/s%n", rate(noBackprop, d, steps));
        System.out.printf(Locale.ROOT, "FrozenLayerWithBackprop everywhere:  %.2f images/s%n", rate(withBackprop, d, steps));
    }

    private static double rate(ComputationGraph g, DataSet d, int steps) {
        g.fit(d); // warm-up
        long t = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            g.fit(d);
        }
        return steps * d.numExamples() / ((System.nanoTime() - t) / 1e9);
    }

    /** The same graph with every frozen layer as FrozenLayerWithBackprop and merges unwrapped. */
    static ComputationGraphConfiguration allWithBackprop(ComputationGraphConfiguration conf) {
        ComputationGraphConfiguration c = conf.clone();
        for (String n : GraphSurgery.order(c)) {
            GraphVertex v = c.getVertices().get(n);
            if (v instanceof FrozenVertex f) {
                c.getVertices().put(n, f.getUnderlying());
            } else if (v instanceof LayerVertex lv && lv.getLayerConf().getLayer() instanceof FrozenLayer f) {
                boolean params = lv.numParams(true) > 0;
                var inner = GraphSurgery.unwrap(f);
                var next = params ? new FrozenLayerWithBackprop(inner) : inner;
                next.setLayerName(n);
                lv.getLayerConf().setLayer(next);
            }
        }
        return c;
    }
}
