package io.transfer4j.spark;

import io.transfer4j.zoo.Preprocessing;
import java.io.Serializable;
import org.apache.spark.broadcast.Broadcast;

/**
 * What an executor needs to run a model exported on the driver: the ONNX bytes (broadcast once per executor),
 * their hash (the key of the executor's one session), the output to read, and the model's input preprocessing as
 * plain values ({@link Preprocessing} itself is not serializable).
 */
record ModelSpec(Broadcast<byte[]> onnx, String key, String output, int height, int width, int channels,
                 boolean bgr, double scale, double[] mean, double[] std) implements Serializable {

    static ModelSpec of(Broadcast<byte[]> onnx, String key, String output, Preprocessing p) {
        return new ModelSpec(onnx, key, output, p.height(), p.width(), p.channels(), p.bgr(), p.scale(), p.mean(), p.std());
    }

    Preprocessing preprocessing() {
        return new Preprocessing(height, width, channels, bgr, scale, mean, std);
    }
}
