package io.transfer4j.samples.cli;

import io.transfer4j.transfer.EvaluationReport;
import io.transfer4j.transfer.MultiLabelReport;
import io.transfer4j.transfer.train.EpochStats;
import io.transfer4j.transfer.train.TrainingResult;
import java.io.PrintWriter;
import org.nd4j.shade.jackson.core.JsonProcessingException;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.node.ArrayNode;
import org.nd4j.shade.jackson.databind.node.ObjectNode;

/**
 * The {@code --json} output of every command: one JSON object on one line, written with Jackson, always starting
 * with {@code "schemaVersion"} and {@code "command"}; keys never depend on options. README "JSON output" documents
 * each command's keys; a change that renames or removes a key raises {@link #SCHEMA_VERSION}.
 *
 * <pre>{@code
 * ObjectNode o = JsonOutput.start("export");     // {"schemaVersion":1,"command":"export"}
 * o.put("out", "model.onnx");
 * JsonOutput.print(out, o);
 * }</pre>
 */
final class JsonOutput {
    /** Version of the output schema (README "JSON output"). */
    static final int SCHEMA_VERSION = 1;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonOutput() {
    }

    /** A new result object for {@code command} (e.g. "zoo list"). */
    static ObjectNode start(String command) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("schemaVersion", SCHEMA_VERSION);
        o.put("command", command);
        return o;
    }

    static void print(PrintWriter out, ObjectNode o) {
        try {
            out.println(MAPPER.writeValueAsString(o));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    /** Metrics of an evaluation: count, accuracy, topK {k, accuracy}, macroF1, classes[], confusion[actual][predicted]. */
    static void evaluation(ObjectNode o, EvaluationReport r) {
        o.put("count", r.count());
        o.put("accuracy", r.accuracy());
        ObjectNode top = o.putObject("topK");
        top.put("k", r.k());
        top.put("accuracy", r.topKAccuracy());
        o.put("macroF1", r.macroF1());
        ArrayNode classes = o.putArray("classes");
        for (int c = 0; c < r.labels().size(); c++) {
            classes.addObject().put("label", r.labels().get(c)).put("precision", r.precision(c)).put("recall", r.recall(c))
                    .put("f1", r.f1(c)).put("support", r.support(c));
        }
        ArrayNode confusion = o.putArray("confusion");
        for (int[] row : r.confusion()) {
            ArrayNode a = confusion.addArray();
            for (int v : row) {
                a.add(v);
            }
        }
    }

    /**
     * A multi-label evaluation: count, meanAveragePrecision, microF1, macroF1, exactMatch, labelAccuracy,
     * labels[{label, threshold, precision, recall, f1, averagePrecision, support}].
     */
    static void multiLabel(ObjectNode o, MultiLabelReport r) {
        o.put("count", r.count());
        o.put("meanAveragePrecision", r.meanAveragePrecision());
        o.put("microF1", r.microF1());
        o.put("macroF1", r.macroF1());
        o.put("exactMatch", r.exactMatch());
        o.put("labelAccuracy", r.labelAccuracy());
        ArrayNode labels = o.putArray("labels");
        for (int c = 0; c < r.labels().size(); c++) {
            labels.addObject().put("label", r.labels().get(c)).put("threshold", r.thresholds()[c]).put("precision", r.precision(c))
                    .put("recall", r.recall(c)).put("f1", r.f1(c)).put("averagePrecision", r.averagePrecision(c)).put("support", r.support(c));
        }
    }

    /** A training run: epochs, bestEpoch, stoppedEarly, cachedFeatures and one entry per epoch. */
    static void training(ObjectNode o, TrainingResult t) {
        o.put("epochs", t.epochs());
        o.put("bestEpoch", t.bestEpoch());
        o.put("stoppedEarly", t.stoppedEarly());
        o.put("cachedFeatures", t.cachedFeatures());
        ArrayNode h = o.putArray("history");
        for (EpochStats e : t.history()) {
            h.addObject().put("epoch", e.epoch()).put("trainLoss", e.trainLoss()).put("trainAccuracy", e.trainAccuracy())
                    .put("validationLoss", e.validationLoss()).put("validationAccuracy", e.validationAccuracy())
                    .put("learningRate", e.learningRate()).put("seconds", e.seconds());
        }
    }
}
