package io.transfer4j.spark;

import com.google.common.hash.Hashing;
import io.transfer4j.transfer.TransferModel;
import io.transfer4j.transfer.onnx.OnnxExport;
import io.transfer4j.zoo.ModelBuilder;
import io.transfer4j.zoo.Zoo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * The driver's side: builds the model a stage names (a zoo model with weights, or a transfer4j model file) and
 * exports it to ONNX once, its bytes broadcast to the executors.
 */
final class DriverModels {
    private DriverModels() {
    }

    /**
     * The untouched base model: {@code model} is a transfer4j model file, or a zoo name built headless with
     * {@code weights} (a tag such as {@code imagenet}, {@code none}, or a local .h5 / DL4J / transfer4j file) at
     * {@code size}×{@code size} (0 = the zoo model's own size).
     */
    static TransferModel base(String model, String weights, int size) {
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("no model set: setModel(\"resnet50\") (a zoo model: " + String.join(", ", Zoo.names())
                    + ") or setModel(\"path/to/model.zip\") (a transfer4j model file)");
        }
        Path file = Path.of(model);
        if (Files.isRegularFile(file)) {
            TransferModel m = TransferModel.load(file);
            int native0 = m.inputShapes().get(0).height();
            if (size > 0 && size != native0) {
                throw new IllegalArgumentException("model file " + model + " takes " + native0 + "x" + native0
                        + " images; a saved model keeps its input size, so leave imageSize at 0");
            }
            return m;
        }
        if (model.contains("/") || model.endsWith(".zip")) {
            throw new IllegalArgumentException("model file " + model + " does not exist (and it is not a zoo model name: "
                    + String.join(", ", Zoo.names()) + ")");
        }
        ModelBuilder b = Zoo.model(model).includeTop(false);
        if (size > 0) {
            b.inputShape(size, size, b.info().inputShape().channels());
        }
        String w = weights == null ? ModelBuilder.NO_WEIGHTS : weights;
        boolean isFile = w.toLowerCase(Locale.ROOT).endsWith(".h5") || w.endsWith(".zip") || Files.isRegularFile(Path.of(w));
        return TransferModel.from(isFile ? b.weights(Path.of(w)) : b.weights(w));
    }

    /** Exports {@code model} (up to its output) to ONNX and broadcasts the bytes. */
    static ModelSpec export(SparkSession spark, TransferModel model) {
        if (model.preprocessing() == null) {
            throw new IllegalArgumentException("model '" + model.name() + "' takes " + model.inputShapes().get(0)
                    + ", not images; the Spark stages need an image model");
        }
        Path tmp = null;
        try {
            tmp = Files.createTempFile("transfer4j-spark-", ".onnx");
            OnnxExport.export(model.graph(), model.inputShapes(), tmp);
            byte[] bytes = Files.readAllBytes(tmp);
            String key = Hashing.sha256().hashBytes(bytes).toString().substring(0, 24);
            String output = model.graph().getConfiguration().getNetworkOutputs().get(0);
            var broadcast = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(bytes);
            return ModelSpec.of(broadcast, key, output, model.preprocessing());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot export model '" + model.name() + "' to ONNX in " + tmp + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a leftover temp file is harmless
                }
            }
        }
    }
}
