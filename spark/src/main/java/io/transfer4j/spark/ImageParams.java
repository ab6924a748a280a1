package io.transfer4j.spark;

import io.transfer4j.transfer.data.BadFilePolicy;
import java.io.Serializable;
import java.util.Locale;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;

/**
 * The image-input parameters every transfer4j stage has (column, path column, batch size, bad-image policy),
 * defined once with their documentation, validation and defaults; each stage holds its own instance, as Spark ML
 * requires, and exposes them through {@link HasImageInput}'s getters (Spark finds parameters by the stage's public methods).
 */
public final class ImageParams implements Serializable {
    final Param<String> inputCol;
    final Param<String> pathCol;
    final IntParam batchSize;
    final Param<String> badImagePolicy;

    ImageParams(Params stage) {
        inputCol = new Param<>(stage, "inputCol", "image column: the struct of spark.read().format(\"image\") or the binary"
                + " 'content' of format(\"binaryFile\")");
        pathCol = new Param<>(stage, "pathCol", "column naming each row's file in messages (binaryFile: 'path'); unused when absent");
        batchSize = new IntParam(stage, "batchSize", "images per ONNX Runtime call on the executors", ParamValidators.gt(0));
        badImagePolicy = new Param<>(stage, "badImagePolicy", "fail (stop, naming the row's path) or skip (leave the row out;"
                + " counted and logged) for rows whose image or label cannot be used",
                ParamValidators.inArray(new String[] {"fail", "skip"}));
        stage.setDefault(inputCol, "image");
        stage.setDefault(pathCol, "path");
        stage.setDefault(batchSize, 32);
        stage.setDefault(badImagePolicy, "fail");
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
