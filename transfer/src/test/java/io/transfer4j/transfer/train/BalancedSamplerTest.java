package io.transfer4j.transfer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.transfer4j.transfer.data.RowBatches;
import io.transfer4j.transfer.data.Rows;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

class BalancedSamplerTest {
    /** 100 rows of class 0 and 10 of class 1; feature = row index. */
    private static Rows tenToOne() {
        INDArray x = Nd4j.arange(110).castTo(DataType.FLOAT).reshape(110, 1);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 110, 2);
        for (int i = 0; i < 110; i++) {
            y.putScalar(i, i < 100 ? 0 : 1, 1);
        }
        return Rows.of(x, y);
    }

    private static int[] classes() {
        int[] c = new int[110];
        java.util.Arrays.fill(c, 100, 110, 1);
        return c;
    }

    private static int[] minorityDraws(RowBatches b) {
        int minority = 0;
        int n = 0;
        while (b.hasNext()) {
            DataSet d = b.next();
            minority += d.getLabels().getColumn(1).sumNumber().intValue();
            n += d.numExamples();
        }
        return new int[] {minority, n};
    }

    @Test
    void anEpochDrawsEachClassAboutEquallyOftenAndRepeatsForItsSeed() {
        int[] drawn = minorityDraws(new RowBatches(tenToOne(), List.of(), 16, true, 7).balanced(classes()).atEpoch(0));
        assertEquals(110, drawn[1], "an epoch draws as many rows as there are");
        assertTrue(drawn[0] > 35 && drawn[0] < 75, "minority draws " + drawn[0] + " of 110 (10 without balancing)");
        DataSetIterator a = new RowBatches(tenToOne(), List.of(), 110, true, 7).balanced(classes()).atEpoch(3);
        DataSetIterator b = new RowBatches(tenToOne(), List.of(), 110, true, 7).balanced(classes()).atEpoch(3);
        assertArrayEquals(a.next().getFeatures().toFloatVector(), b.next().getFeatures().toFloatVector());
    }

    @Test
    void onTenToOneDataTheBalancedSamplerRaisesMinorityRecall() {
        double plain = ClassWeightsTest.minorityRecallWith(b -> b);
        double balanced = ClassWeightsTest.minorityRecallWith(b -> b.balancedSampling(true));
        System.out.printf("minority recall: plain %.3f, balanced sampler %.3f%n", plain, balanced);
        assertTrue(balanced > plain + 0.2, "plain " + plain + ", balanced " + balanced);
    }

    @Test
    void anUncachedIteratorIsRefusedNamingClassWeights() {
        DataSetIterator it = new RowBatches(tenToOne(), List.of(), 16, true, 7);
        var g = io.transfer4j.dsl.Network.builder("lin").seed(1).inputVector(1).output(2).build().graph();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Trainer(g,
                TrainingConfig.builder(1).progressBar(false).balancedSampling(true).build()).fit(it, null));
        assertTrue(e.getMessage().contains("balanced sampler") && e.getMessage().contains("class weights"), e.getMessage());
    }
}
