package io.transfer4j.transfer;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Multi-label metrics against values worked out by hand (and scikit-learn's documented example). */
class MultiLabelReportTest {
    // 4 images x 2 labels; label "a" is scikit-learn's average_precision_score example (AP 0.8333).
    private static final double[][] TARGETS = {{0, 1}, {0, 0}, {1, 1}, {1, 0}};
    private static final double[][] SCORES = {{0.1, 0.9}, {0.4, 0.6}, {0.35, 0.2}, {0.8, 0.4}};

    private static MultiLabelReport report(double... thresholds) {
        return MultiLabelReport.of(List.of("a", "b"), Nd4j.createFromArray(TARGETS), Nd4j.createFromArray(SCORES), thresholds);
    }

    @Test
    void averagePrecisionIsTheAreaUnderTheStepPrecisionRecallCurve() {
        MultiLabelReport r = report(0.5, 0.5);
        assertEquals(0.5 * 1 + 0.5 * 2 / 3.0, r.averagePrecision(0), 1e-12, "scikit-learn's example: 0.8333");
        assertEquals(0.5 * 1 + 0.5 * 2 / 4.0, r.averagePrecision(1), 1e-12);
        assertEquals((0.8333333333333334 + 0.75) / 2, r.meanAveragePrecision(), 1e-12);
    }

    @Test
    void tiedScoresAreOneCutOff() {
        MultiLabelReport r = MultiLabelReport.of(List.of("x", "y"), Nd4j.createFromArray(new double[][] {{1, 0}, {0, 1}, {1, 0}}),
                Nd4j.createFromArray(new double[][] {{0.5, 0.1}, {0.5, 0.9}, {0.2, 0.3}}), new double[] {0.5, 0.5});
        assertEquals(0.5 * 0.5 + 0.5 * 2 / 3.0, r.averagePrecision(0), 1e-12);
        assertEquals(1.0, r.averagePrecision(1), 1e-12);
    }

    @Test
    void thresholdMetricsCountEachImageLabelDecision() {
        MultiLabelReport r = report(0.5, 0.5);
        // a: yes only for image 3 -> tp 1, fp 0, fn 1;  b: yes for images 0, 1 -> tp 1, fp 1, fn 1
        assertEquals(1.0, r.precision(0), 1e-12);
        assertEquals(0.5, r.recall(0), 1e-12);
        assertEquals(2 / 3.0, r.f1(0), 1e-12);
        assertEquals(0.5, r.precision(1), 1e-12);
        assertEquals(0.5, r.f1(1), 1e-12);
        assertEquals(2.0 * 2 / (2 * 2 + 1 + 2), r.microF1(), 1e-12);
        assertEquals((2 / 3.0 + 0.5) / 2, r.macroF1(), 1e-12);
        assertEquals(0.5, r.exactMatch(), 1e-12, "images 0 and 3 have exactly their labels");
        assertEquals(5 / 8.0, r.labelAccuracy(), 1e-12);
        assertEquals(2, r.support(0));

        MultiLabelReport low = report(0.2, 0.95);
        assertEquals(1.0, low.recall(0), 1e-12, "threshold 0.2: every image with a");
        assertEquals(0.0, low.f1(1), 1e-12, "threshold 0.95: nothing is b");
    }

    @Test
    void bestThresholdsMaximiseEachLabelsF1AtAMidpoint() {
        double[] best = report(0.5, 0.5).bestThresholds();
        assertArrayEquals(new double[] {(0.1 + 0.35) / 2, 0.2}, best, 1e-12);
        assertEquals(0.8, report(best).f1(0), 1e-12, "a at 0.225: yes for 3 images, 2 right");
        assertTrue(report(best).f1(1) >= report(0.5, 0.5).f1(1));
    }

    @Test
    void shapesAndThresholdCountsAreChecked() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MultiLabelReport.of(List.of("a", "b", "c"),
                Nd4j.createFromArray(TARGETS), Nd4j.createFromArray(SCORES), new double[] {0.5, 0.5, 0.5}));
        assertTrue(e.getMessage().contains("3 labels"), e.getMessage());
        IllegalArgumentException t = assertThrows(IllegalArgumentException.class, () -> report(0.5));
        assertTrue(t.getMessage().contains("1 thresholds for 2 labels"), t.getMessage());
    }
}
