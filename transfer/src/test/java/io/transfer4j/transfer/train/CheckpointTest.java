package io.transfer4j.transfer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.transfer4j.dsl.Updaters;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;

class CheckpointTest {
    private static final DataSet TRAIN = TestNets.blobs(120, 1);
    private static final DataSet VAL = TestNets.blobs(40, 2);

    /** A disk that fills up after {@code limit} bytes, as the OS reports it. */
    static final class FullDisk extends FilterOutputStream {
        private long left;

        FullDisk(OutputStream out, long limit) {
            super(out);
            this.left = limit;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len > left) {
                out.write(b, off, (int) left);
                left = 0;
                throw new IOException("No space left on device");
            }
            left -= len;
            out.write(b, off, len);
        }
    }

    @Test
    void diskFullWhileWritingLeavesThePreviousCheckpointIntact(@TempDir Path dir) throws IOException {
        ComputationGraph g = TestNets.plain(3);
        TrainingConfig c = TrainingConfig.builder(2).checkpointDir(dir).progressBar(false).build();
        new Trainer(g, c).fit(TRAIN, VAL);
        Path file = dir.resolve(Checkpoint.FILE);
        byte[] before = Files.readAllBytes(file);
        assertEquals(2, Checkpoint.epochsDone(dir));

        Checkpoint later = Checkpoint.read(dir);
        later.state.epochsDone = 3;
        IOException e = assertThrows(IOException.class, () -> later.write(dir, out -> new FullDisk(out, 2000)));
        assertTrue(e.getMessage().contains("No space left"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file), "the previous checkpoint is untouched");
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file is left behind");
        }
        assertEquals(2, Checkpoint.epochsDone(dir), "and still readable");
    }

    @Test
    void aTruncatedCheckpointIsAClearError(@TempDir Path dir) throws IOException {
        new Trainer(TestNets.plain(3), TrainingConfig.builder(1).checkpointDir(dir).progressBar(false).build()).fit(TRAIN, null);
        Path file = dir.resolve(Checkpoint.FILE);
        byte[] all = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(all, all.length / 2));
        IOException e = assertThrows(IOException.class, () -> Trainer.resume(dir, TrainingConfig.builder(2).build()));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        IOException none = assertThrows(IOException.class, () -> Trainer.resume(dir.resolve("nothing"), TrainingConfig.builder(2).build()));
        assertTrue(none.getMessage().contains("no checkpoint"), none.getMessage());
    }

    @Test
    void resumingContinuesExactlyWhereTheRunStopped(@TempDir Path dir) throws IOException {
        TrainingConfig.Builder base = TrainingConfig.builder(4).batchSize(16).seed(9).optimizer(Updaters.adam(1e-2))
                .schedule(LrSchedules.step(1e-2, 0.5, 1)).earlyStopping(EarlyStopping.onValidationAccuracy(10)).progressBar(false);
        ComputationGraph straight = TestNets.frozenTrunk(11);
        TrainingResult full = new Trainer(straight, base.featureCaching(FeatureCaching.OFF).build()).fit(TRAIN, VAL);

        ComputationGraph first = TestNets.frozenTrunk(11);
        TrainingConfig two = TrainingConfig.builder(2).batchSize(16).seed(9).optimizer(Updaters.adam(1e-2))
                .schedule(LrSchedules.step(1e-2, 0.5, 1)).earlyStopping(EarlyStopping.onValidationAccuracy(10))
                .featureCaching(FeatureCaching.OFF).checkpointDir(dir).progressBar(false).build();
        new Trainer(first, two).fit(TRAIN, VAL);
        Trainer resumed = Trainer.resume(dir, base.featureCaching(FeatureCaching.OFF).build());
        assertEquals(2, resumed.epochsDone());
        TrainingResult rest = resumed.fit(TRAIN, VAL);
        assertEquals(4, rest.epochs());
        assertEquals(4, resumed.graph().getConfiguration().getEpochCount(), "schedule position restored");
        double diff = full.graph().params().sub(resumed.graph().params()).amaxNumber().doubleValue();
        assertTrue(diff < 1e-6, "resumed run differs from the straight run by " + diff);
        assertEquals(full.bestEpoch(), rest.bestEpoch());
    }
}
