package io.transfer4j.transfer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.transfer4j.dsl.Network;
import io.transfer4j.dsl.Updaters;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

class ClassWeightsTest {
    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path dir;

    @Test
    void aWeightsFileGivesEachClassItsWeightWhateverTheOrderAndNamesItsBadLines() throws Exception {
        java.util.List<String> classes = java.util.List.of("cobblestone", "interlocking", "unpaved");
        java.nio.file.Path f = java.nio.file.Files.writeString(dir.resolve("w.txt"),
                "# roads\nunpaved 4.5\ncobblestone,1\ninterlocking = 2   # twice as rare\n");
        assertArrayEquals(new double[] {1, 2, 4.5}, ClassWeights.read(f, classes).weights(), 0);
        java.nio.file.Files.writeString(f, "cobblestone 1\ngravel 2\n");
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> ClassWeights.read(f, classes));
        assertTrue(unknown.getMessage().contains("w.txt line 2") && unknown.getMessage().contains("'gravel' is not one of the classes"),
                unknown.getMessage());
        java.nio.file.Files.writeString(f, "cobblestone 1\ninterlocking -2\n");
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class, () -> ClassWeights.read(f, classes));
        assertTrue(negative.getMessage().contains("line 2") && negative.getMessage().contains("positive"), negative.getMessage());
        java.nio.file.Files.writeString(f, "cobblestone 1\ninterlocking 2\ncobblestone 3\n");
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class, () -> ClassWeights.read(f, classes));
        assertTrue(twice.getMessage().contains("line 3") && twice.getMessage().contains("twice"), twice.getMessage());
        java.nio.file.Files.writeString(f, "cobblestone 1\ninterlocking 2\n");
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> ClassWeights.read(f, classes));
        assertTrue(missing.getMessage().contains("no weight for class 'unpaved'"), missing.getMessage());
    }

    @Test
    void weightedLossOnATwoExampleBatchIsTheHandComputedOne() {
        ComputationGraph g = TestNets.plain(2);
        DataSet d = TestNets.blobs(2, 4);
        INDArray p = g.outputSingle(d.getFeatures());
        double[] w = {1, 3, 0.5};
        double expected = 0;
        for (int i = 0; i < 2; i++) {
            int c = d.getLabels().getRow(i).argMax().getInt(0);
            expected += -w[c] * Math.log(p.getDouble(i, c));
        }
        expected /= 2;
        ClassWeights.applyTo(g, w);
        assertEquals(expected, g.score(d), 1e-5);
        assertThrows(IllegalArgumentException.class, () -> ClassWeights.applyTo(g, new double[] {1, 2}));
    }

    @Test
    void balancedWeightsAreNOverKTimesCount() {
        assertArrayEquals(new double[] {110.0 / 200, 110.0 / 20}, ClassWeights.balanced(new long[] {100, 10}), 1e-12);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClassWeights.balanced(new long[] {3, 0}));
        assertTrue(e.getMessage().contains("class 1"), e.getMessage());
    }

    /** Two overlapping 2-d Gaussians, 10:1 in training; the test set is balanced. */
    private static DataSet imbalanced(int majority, int minority, long seed) {
        java.util.Random r = new java.util.Random(seed);
        int n = majority + minority;
        INDArray x = Nd4j.zeros(DataType.FLOAT, n, 2);
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, 2);
        for (int i = 0; i < n; i++) {
            int c = i < majority ? 0 : 1;
            x.putScalar(i, 0, r.nextGaussian() + (c == 1 ? 1.2 : 0));
            x.putScalar(i, 1, r.nextGaussian());
            y.putScalar(i, c, 1);
        }
        return new DataSet(x, y);
    }

    private static double minorityRecall(ClassWeights weights) {
        return minorityRecallWith(b -> b.classWeights(weights));
    }

    /** Minority-class recall on a balanced test set after training on the 10:1 set with these settings (shared with the sampler test). */
    static double minorityRecallWith(java.util.function.UnaryOperator<TrainingConfig.Builder> settings) {
        ComputationGraph g = Network.builder("lin").seed(1).updater(Updaters.adam(0.05)).inputVector(2).output(2).build().graph();
        new Trainer(g, settings.apply(TrainingConfig.builder(15).batchSize(32).seed(1).progressBar(false)).build())
                .fit(imbalanced(400, 40, 1), null);
        DataSet test = imbalanced(0, 400, 2);
        INDArray predicted = g.outputSingle(test.getFeatures()).argMax(1);
        return predicted.castTo(DataType.DOUBLE).sumNumber().doubleValue() / 400;
    }

    @Test
    void onTenToOneDataBalancedWeightsRaiseMinorityRecall() {
        double plain = minorityRecall(null);
        double balanced = minorityRecall(ClassWeights.balanced());
        System.out.printf("minority recall: plain %.3f, balanced class weights %.3f%n", plain, balanced);
        assertTrue(balanced > plain + 0.2, "plain " + plain + ", balanced " + balanced);
    }
}
