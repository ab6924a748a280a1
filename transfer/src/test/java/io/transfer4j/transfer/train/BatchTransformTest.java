package io.transfer4j.transfer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** Label smoothing's targets and MixUp / CutMix's mixed inputs and targets, checked against each other. */
class BatchTransformTest {
    @Test
    void labelSmoothingGivesOneMinusEpsilonPlusEpsilonOverK() {
        DataSet d = new DataSet(Nd4j.zeros(DataType.FLOAT, 1, 2), Nd4j.create(new float[][] {{0, 1, 0}}));
        INDArray y = new LabelSmoothing(0.1).apply(d, new Random(1)).getLabels();
        assertArrayEquals(new float[] {0.1f / 3, 0.9f + 0.1f / 3, 0.1f / 3}, y.toFloatVector(), 1e-6f);
        assertEquals(1.0, d.getLabels().sumNumber().doubleValue(), "the batch itself is unchanged");
        assertThrows(IllegalArgumentException.class, () -> new LabelSmoothing(1));
    }

    @Test
    void binaryLabelSmoothingMovesEachLabelTowardsOneHalf() {
        DataSet d = new DataSet(Nd4j.zeros(DataType.FLOAT, 1, 2), Nd4j.create(new float[][] {{1, 0, 1, 1}}));
        INDArray y = LabelSmoothing.binary(0.1).apply(d, new Random(1)).getLabels();
        assertArrayEquals(new float[] {0.95f, 0.05f, 0.95f, 0.95f}, y.toFloatVector(), 1e-6f, "K = 2 per label, not 4 labels");
    }

    /** Example i is all i (0 or 1) with one-hot label i, so a mixed row's mean value must equal its label's weight on class 1. */
    private static DataSet zerosAndOnes(long... shape) {
        int n = 8;
        long[] s = new long[shape.length + 1];
        s[0] = n;
        System.arraycopy(shape, 0, s, 1, shape.length);
        INDArray x = Nd4j.zeros(DataType.FLOAT, s);
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, 2);
        for (int i = 0; i < n; i++) {
            x.get(org.nd4j.linalg.indexing.NDArrayIndex.point(i)).assign(i % 2);
            y.putScalar(i, i % 2, 1);
        }
        return new DataSet(x, y);
    }

    @Test
    void mixUpMixesInputsAndTargetsWithTheSameLambda() {
        DataSet mixed = MixUp.mixUp(0.4).apply(zerosAndOnes(5), new Random(3));
        boolean strictlyMixed = false;
        for (int i = 0; i < 8; i++) {
            INDArray row = mixed.getFeatures().getRow(i);
            double v = row.getDouble(0);
            assertEquals(0.0, row.sub(v).amaxNumber().doubleValue(), 1e-6, "each row is one blend of two examples");
            assertEquals(v, mixed.getLabels().getDouble(i, 1), 1e-6, "target weight = input weight");
            assertEquals(1.0, mixed.getLabels().getRow(i).sumNumber().doubleValue(), 1e-6);
            strictlyMixed |= v > 1e-3 && v < 1 - 1e-3;
        }
        assertTrue(strictlyMixed, "some rows mix a 0 with a 1");
    }

    @Test
    void cutMixPastesABoxAndWeightsTargetsByItsArea() {
        DataSet mixed = MixUp.cutMix(1.0).apply(zerosAndOnes(1, 8, 8), new Random(5));
        boolean pasted = false;
        for (int i = 0; i < 8; i++) {
            INDArray img = mixed.getFeatures().get(org.nd4j.linalg.indexing.NDArrayIndex.point(i));
            double ones = img.sumNumber().doubleValue() / 64;
            assertEquals(ones, mixed.getLabels().getDouble(i, 1), 1e-6, "label weight of class 1 = share of its pixels");
            double[] px = img.reshape(64).toDoubleVector();
            assertTrue(java.util.Arrays.stream(px).allMatch(p -> p == 0 || p == 1), "pixels are copied, not blended");
            pasted |= ones > 0 && ones < 1;
        }
        assertTrue(pasted, "some image got a box of the other class");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MixUp.cutMix(1.0).apply(zerosAndOnes(5), new Random(5)));
        assertTrue(e.getMessage().contains("CutMix"), e.getMessage());
    }

    @Test
    void betaDrawsHaveTheRightMean() {
        Random r = new Random(7);
        double sum = 0;
        for (int i = 0; i < 4000; i++) {
            double b = MixUp.beta(0.4, r);
            assertTrue(b >= 0 && b <= 1);
            sum += b;
        }
        assertEquals(0.5, sum / 4000, 0.03, "Beta(a, a) has mean 1/2");
    }

    @Test
    void theTrainerTrainsOnTransformedBatchesAndCutMixTurnsCachingOff() {
        TrainingResult mixed = new Trainer(TestNets.frozenTrunk(2), TrainingConfig.builder(1).batchSize(16).progressBar(false)
                .batchTransform(MixUp.mixUp(0.4)).build()).fit(TestNets.blobs(64, 1), null);
        assertTrue(mixed.cachedFeatures(), "MixUp works on cached features");
        TrainingResult plain = new Trainer(TestNets.frozenTrunk(2), TrainingConfig.builder(1).batchSize(16).progressBar(false)
                .build()).fit(TestNets.blobs(64, 1), null);
        assertTrue(Math.abs(mixed.last().trainLoss() - plain.last().trainLoss()) > 1e-4, "the transform reached the steps");
        TrainingResult cut = new Trainer(TestNets.frozenTrunk(2), TrainingConfig.builder(1).batchSize(16).progressBar(false)
                .batchTransform(new MixUp(0.4, 1.0, 0.0, 1.0)).build()).fit(TestNets.blobs(64, 1), null);
        assertTrue(!cut.cachedFeatures(), "CutMix needs the images, so no cached features");
    }
}
