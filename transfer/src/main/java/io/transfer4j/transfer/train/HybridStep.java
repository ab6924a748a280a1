package io.transfer4j.transfer.train;

import io.transfer4j.transfer.onnx.Engine;
import java.nio.file.Path;
import java.util.Iterator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hybrid training step, for when features cannot be cached because the input is augmented (new pixels every
 * epoch) but the model still has a frozen trunk ({@code freezeAll}, {@code freezeUpTo}, {@code unfreezeFrom}): every
 * batch runs the frozen trunk forward on the {@link Engine} (ONNX Runtime by default, the trunk exported once) and
 * only the trainable rest of the network forward and backward on DL4J. Same step as running the whole network on
 * DL4J — a frozen trunk is run in inference mode either way — without DL4J's slow forward through the trunk.
 * Validation input is not augmented, so its trunk features are computed once.
 */
final class HybridStep implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HybridStep.class);

    final GraphSplit split;
    final TrunkFeatures trunk;

    private HybridStep(GraphSplit split, TrunkFeatures trunk) {
        this.split = split;
        this.trunk = trunk;
    }

    /** The hybrid step for {@code graph}, or null when feature caching is off, the engine is DL4J or nothing is frozen. */
    static HybridStep of(ComputationGraph graph, TrainingConfig config, Path cacheDir) {
        if (!config.augmentedInput() || config.featureCaching() == FeatureCaching.OFF || config.engine() == Engine.Kind.DL4J) {
            return null;
        }
        GraphSplit.Result r = GraphSplit.of(graph);
        if (r.split() == null) {
            LOG.info("hybrid step off: {}", r.whyNot());
            return null;
        }
        LOG.info("hybrid step: the frozen trunk up to '{}' runs on the {} engine for every augmented batch, the {} layers after it"
                + " train on DL4J", r.split().featureNode(), config.engine(), r.split().headVertices.size());
        return new HybridStep(r.split(), new TrunkFeatures(graph, r.split().featureNode(), config.engine(), cacheDir));
    }

    /** {@code batches} with each batch's images replaced by their trunk features. */
    Batches map(Batches batches) {
        return new Batches() {
            @Override
            public Iterator<DataSet> epoch(int epoch) {
                Iterator<DataSet> it = batches.epoch(epoch);
                return new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return it.hasNext();
                    }

                    @Override
                    public DataSet next() {
                        DataSet ds = it.next();
                        var mode = Dl4jWorkarounds.beforeInference(trunk.graph());   // when AUTO fell back to DL4J
                        try {
                            return new DataSet(trunk.of(ds.getFeatures()), ds.getLabels());
                        } finally {
                            Dl4jWorkarounds.afterInference(trunk.graph(), mode);
                        }
                    }
                };
            }

            @Override
            public long examples() {
                return batches.examples();
            }
        };
    }

    @Override
    public void close() {
        trunk.close();
    }
}
