package io.transfer4j.spark;

import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * The parameters naming a trunk — model, weights, layer, image size — with their getters and setters written once,
 * for the stages that build one ({@link TrunkFeaturizer}, {@link TransferClassifier}).
 *
 * <pre>{@code
 * new TrunkFeaturizer().setModel("resnet50").setWeights("imagenet").setLayer("avg_pool").setImageSize(160);
 * }</pre>
 *
 * @param <S> the stage itself, so setters chain
 */
public interface HasTrunk<S extends HasTrunk<S>> extends Params {
    /** This stage's instance of the parameters. */
    TrunkParams trunkParams();

    default Param<String> model() { return trunkParams().model; }
    default Param<String> weights() { return trunkParams().weights; }
    default Param<String> layer() { return trunkParams().layer; }
    default IntParam imageSize() { return trunkParams().imageSize; }

    default S setModel(String v) { set(model(), v); return self(); }
    default S setWeights(String v) { set(weights(), v); return self(); }
    /** The layer whose average-pooled output are the features; null or empty for the model's own feature layer. */
    default S setLayer(String v) { set(layer(), v == null ? "" : v); return self(); }
    default S setImageSize(int v) { set(imageSize(), v); return self(); }

    @SuppressWarnings("unchecked")
    private S self() {
        return (S) this;
    }
}
