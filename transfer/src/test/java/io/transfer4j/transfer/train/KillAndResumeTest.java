package io.transfer4j.transfer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

class KillAndResumeTest {
    @Test
    void aRunKilledMidEpochResumesFromItsLastCheckpointWithNothingLost(@TempDir Path dir) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(List.of(java.toString(), "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                ResumeChild.class.getName(), dir.toString()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
            while (!Checkpoint.exists(dir) && child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertTrue(Checkpoint.exists(dir), "the child never wrote a checkpoint; its log:\n" + Files.readString(dir.resolve("child.log")));
            assertTrue(child.isAlive(), "the child finished before it could be killed");
            Thread.sleep(700); // into the next epoch: 20 batches of 100 ms each
        } finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
        int done = Checkpoint.epochsDone(dir);
        assertTrue(done >= 1 && done < ResumeChild.EPOCHS, "killed after " + done + " epochs");

        Trainer resumed = Trainer.resume(dir, ResumeChild.config(dir, 0));
        TrainingResult r = resumed.fit(TestNets.blobs(160, 1), TestNets.blobs(40, 2));
        assertEquals(ResumeChild.EPOCHS, r.epochs(), "same number of epochs as an uninterrupted run");
        assertEquals(ResumeChild.EPOCHS, Checkpoint.epochsDone(dir));

        ComputationGraph model = r.graph();
        INDArray p = model.outputSingle(TestNets.blobs(10, 3).getFeatures());
        assertTrue(Double.isFinite(p.sumNumber().doubleValue()));
        assertEquals(10.0, p.sumNumber().doubleValue(), 1e-4, "valid probabilities");

        ComputationGraph straight = TestNets.frozenTrunk(21);
        new Trainer(straight, ResumeChild.config(dir.resolve("straight"), 0)).fit(TestNets.blobs(160, 1), TestNets.blobs(40, 2));
        double diff = straight.params().sub(model.params()).amaxNumber().doubleValue();
        assertTrue(diff < 1e-6, "the killed-and-resumed model differs from an uninterrupted run by " + diff);
    }
}
