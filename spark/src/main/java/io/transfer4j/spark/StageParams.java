package io.transfer4j.spark;

import io.transfer4j.transfer.data.BadFilePolicy;
import java.util.Locale;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.Identifiable;

/**
 * The parameters the transfer4j stages share, defined once (name, documentation, validation); each stage holds
 * its own instances, as Spark ML requires.
 */
final class StageParams {
    private StageParams() {
    }

    static Param<String> inputCol(Identifiable parent) {
        return new Param<>(parent, "inputCol", "image column: the struct of spark.read().format(\"image\") or the binary"
                + " 'content' of format(\"binaryFile\")");
    }

    static Param<String> pathCol(Identifiable parent) {
        return new Param<>(parent, "pathCol", "column naming each row's file in messages (binaryFile: 'path'); unused when absent");
    }

    static Param<String> model(Identifiable parent) {
        return new Param<>(parent, "model", "zoo model name (resnet50, vgg16, ...) or a transfer4j model file");
    }

    static Param<String> weights(Identifiable parent) {
        return new Param<>(parent, "weights", "for zoo models: weight tag (imagenet, none) or a local .h5 / DL4J / transfer4j file");
    }

    static Param<String> layer(Identifiable parent) {
        return new Param<>(parent, "layer", "layer whose (average-pooled) output are the features; empty = the model's feature layer");
    }

    static IntParam imageSize(Identifiable parent) {
        return new IntParam(parent, "imageSize", "input height and width for zoo models; 0 = the model's own size",
                ParamValidators.gtEq(0));
    }

    static IntParam batchSize(Identifiable parent) {
        return new IntParam(parent, "batchSize", "images per ONNX Runtime call on the executors", ParamValidators.gt(0));
    }

    static Param<String> badImagePolicy(Identifiable parent) {
        return new Param<>(parent, "badImagePolicy", "fail (stop, naming the row's path) or skip (leave the row out; counted and"
                + " logged) for rows whose image or label cannot be used", ParamValidators.inArray(new String[] {"fail", "skip"}));
    }

    /** The policy a {@link #badImagePolicy} value names. */
    static BadFilePolicy policy(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "fail" -> BadFilePolicy.FAIL;
            case "skip" -> BadFilePolicy.SKIP_WITH_WARNING;
            default -> throw new IllegalArgumentException("badImagePolicy must be fail or skip, got '" + value + "'");
        };
    }
}
