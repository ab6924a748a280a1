package io.transfer4j.spark;

import io.transfer4j.transfer.TransferModel;
import java.io.Serializable;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;

/** The parameters naming a trunk (model, weights, layer, image size), shared by the featurizer and the estimator. */
public final class TrunkParams implements Serializable {
    final Param<String> model;
    final Param<String> weights;
    final Param<String> layer;
    final IntParam imageSize;

    TrunkParams(Params stage) {
        model = new Param<>(stage, "model", "zoo model name (resnet50, vgg16, ...) or a transfer4j model file");
        weights = new Param<>(stage, "weights", "for zoo models: weight tag (imagenet, none) or a local .h5 / DL4J / transfer4j file");
        layer = new Param<>(stage, "layer", "layer whose (average-pooled) output are the features; empty = the model's feature layer");
        imageSize = new IntParam(stage, "imageSize", "input height and width for zoo models; 0 = the model's own size",
                ParamValidators.gtEq(0));
        stage.setDefault(weights, "imagenet");
        stage.setDefault(layer, "");
        stage.setDefault(imageSize, 0);
    }

    /** The untouched base model the stage's values name (see {@link DriverModels#base}). */
    TransferModel base(Params stage) {
        return DriverModels.base(stage.$(model), stage.$(weights), (Integer) stage.$(imageSize));
    }

    /** The stage's layer, or null for the model's own feature layer. */
    String layer(Params stage) {
        String l = stage.$(layer);
        return l == null || l.isEmpty() ? null : l;
    }
}
