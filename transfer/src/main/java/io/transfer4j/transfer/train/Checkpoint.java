package io.transfer4j.transfer.train;

import io.transfer4j.transfer.io.AtomicFiles;
import io.transfer4j.zoo.weights.JavaSerializationGuard;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The per-epoch checkpoint {@code <dir>/checkpoint.zip}: the model with its optimizer state (DL4J's
 * ModelSerializer zip, which also holds the iteration and epoch counters that drive the learning-rate
 * schedule), the {@link TrainerState} as text, and the best weights so far when early stopping is on.
 * Written with {@link AtomicFiles}: a crash or a full disk while writing leaves the previous checkpoint
 * as it was.
 */
public final class Checkpoint {
    /** File name inside the checkpoint directory. */
    public static final String FILE = "checkpoint.zip";
    private static final String MODEL = "model.zip";
    private static final String STATE = "trainer.properties";
    private static final String BEST = "best-params.bin";

    final ComputationGraph graph;
    final TrainerState state;

    Checkpoint(ComputationGraph graph, TrainerState state) {
        this.graph = graph;
        this.state = state;
    }

    /** Whether {@code dir} holds a checkpoint. */
    public static boolean exists(Path dir) {
        return Files.isRegularFile(dir.resolve(FILE));
    }

    /** Epochs completed according to the checkpoint in {@code dir}. */
    public static int epochsDone(Path dir) throws IOException {
        return read(dir).state.epochsDone;
    }

    void write(Path dir) throws IOException {
        write(dir, UnaryOperator.identity());
    }

    /** {@code wrap} lets tests put a failing stream (a full disk) under the writer. */
    void write(Path dir, UnaryOperator<OutputStream> wrap) throws IOException {
        AtomicFiles.write(dir.resolve(FILE), raw -> {
            ZipOutputStream zip = new ZipOutputStream(wrap.apply(raw));
            zip.putNextEntry(new ZipEntry(STATE));
            zip.write(state.toText().getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry(MODEL));
            ModelSerializer.writeModel(graph, AtomicFiles.keepOpen(zip), true);
            zip.closeEntry();
            if (state.bestParams != null) {
                zip.putNextEntry(new ZipEntry(BEST));
                Nd4j.write(state.bestParams, new DataOutputStream(AtomicFiles.keepOpen(zip)));
                zip.closeEntry();
            }
            zip.finish();
            zip.flush();
        });
    }

    static Checkpoint read(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no checkpoint to resume from; train with "
                    + "TrainingConfig.checkpointDir(" + dir + ") first");
        }
        Map<String, byte[]> entries = new HashMap<>();
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(file))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                entries.put(e.getName(), zip.readAllBytes());
            }
        } catch (ZipException | java.io.EOFException e) {
            throw new IOException(file + " is not a complete checkpoint (" + e.getMessage() + "); delete it to start over", e);
        }
        if (!entries.containsKey(STATE) || !entries.containsKey(MODEL)) {
            throw new IOException(file + " is not a transfer4j checkpoint (missing " + STATE + " or " + MODEL + ")");
        }
        TrainerState state = TrainerState.fromText(new String(entries.get(STATE), StandardCharsets.UTF_8), file.toString());
        Optional<String> unsafe;
        try (InputStream in = new ByteArrayInputStream(entries.get(MODEL))) {
            unsafe = JavaSerializationGuard.problem(file + " (entry " + MODEL + ")", in);
        } catch (ZipException | java.io.EOFException e) {
            throw new IOException(file + " is not a complete checkpoint (" + e.getMessage() + "); delete it to start over", e);
        }
        if (unsafe.isPresent()) {
            throw new IOException(unsafe.get());
        }
        ComputationGraph graph;
        try (InputStream in = new ByteArrayInputStream(entries.get(MODEL))) {
            graph = ModelSerializer.restoreComputationGraph(in, true);
        } catch (RuntimeException e) {
            throw new IOException(file + ": the model inside the checkpoint cannot be read: " + e.getMessage(), e);
        }
        if (entries.containsKey(BEST)) {
            state.bestParams = Nd4j.read(new DataInputStream(new ByteArrayInputStream(entries.get(BEST))));
        }
        return new Checkpoint(graph, state);
    }
}
