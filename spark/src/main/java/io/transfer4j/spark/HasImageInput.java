package io.transfer4j.spark;

import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * The image-input parameters of every transfer4j stage — input column, path column, batch size, bad-image policy —
 * with their getters and setters written once. A stage keeps its own {@link ImageParams} (Spark ML parameters
 * belong to one stage) and returns it from {@link #imageParams()}; Spark finds the parameters through these public
 * getters.
 *
 * <pre>{@code
 * new TrunkFeaturizer().setInputCol("content").setBatchSize(16).setBadImagePolicy("skip");
 * }</pre>
 *
 * @param <S> the stage itself, so setters chain
 */
public interface HasImageInput<S extends HasImageInput<S>> extends Params {
    /** This stage's instance of the parameters. */
    ImageParams imageParams();

    default Param<String> inputCol() { return imageParams().inputCol; }
    default Param<String> pathCol() { return imageParams().pathCol; }
    default IntParam batchSize() { return imageParams().batchSize; }
    default Param<String> badImagePolicy() { return imageParams().badImagePolicy; }

    default S setInputCol(String v) { set(inputCol(), v); return self(); }
    default S setPathCol(String v) { set(pathCol(), v); return self(); }
    default S setBatchSize(int v) { set(batchSize(), v); return self(); }
    default S setBadImagePolicy(String v) { set(badImagePolicy(), v); return self(); }

    @SuppressWarnings("unchecked")
    private S self() {
        return (S) this;
    }
}
