package io.transfer4j.transfer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.schedule.ISchedule;

class LrSchedulesTest {
    private static final double EPS = 1e-12;

    @Test
    void stepDecayHalvesEveryThreeEpochs() {
        ISchedule s = LrSchedules.step(0.1, 0.5, 3);
        assertEquals(0.1, s.valueAt(0, 0), EPS);
        assertEquals(0.1, s.valueAt(99, 2), EPS);
        assertEquals(0.05, s.valueAt(0, 3), EPS);
        assertEquals(0.025, s.valueAt(0, 7), EPS);
    }

    @Test
    void exponentialIsAlpha0TimesExpMinusKt() {
        ISchedule s = LrSchedules.exponential(0.1, 0.3);
        for (int t : new int[] {0, 1, 5, 20}) {
            assertEquals(0.1 * Math.exp(-0.3 * t), s.valueAt(1000, t), 1e-12, "t=" + t);
        }
    }

    @Test
    void inverseTimeIsAlpha0OverOnePlusKt() {
        ISchedule s = LrSchedules.inverseTime(0.1, 0.5);
        assertEquals(0.1, s.valueAt(0, 0), EPS);
        assertEquals(0.1 / 1.5, s.valueAt(0, 1), EPS);
        assertEquals(0.1 / 6, s.valueAt(0, 10), EPS);
    }

    @Test
    void cosineGoesFromAlpha0ToMinAlongHalfCosine() {
        ISchedule s = LrSchedules.cosine(1.0, 0.0, 10);
        assertEquals(1.0, s.valueAt(0, 0), EPS);
        assertEquals(0.5, s.valueAt(0, 5), EPS);
        assertEquals((1 + Math.cos(Math.PI * 0.3)) / 2, s.valueAt(0, 3), EPS);
        assertEquals(0.0, s.valueAt(0, 10), EPS);
        assertEquals(0.0, s.valueAt(0, 50), EPS);
    }

    @Test
    void oneCycleWarmsUpToMaxThenAnneals() {
        ISchedule s = new OneCycleSchedule(1.0, 100, 0.25, 25, 1e4);
        assertEquals(1.0 / 25, s.valueAt(0, 0), EPS);
        double start = 1.0 / 25;
        assertEquals(start + (1 - start) * (1 - Math.cos(Math.PI * 0.4)) / 2, s.valueAt(10, 0), EPS, "40% of the warm-up");
        double end = start / 1e4;
        assertEquals(end + (1 - end) * (1 + Math.cos(Math.PI * 0.4)) / 2, s.valueAt(25 + 30, 0), EPS, "40% of the way down");
        assertEquals(1.0, s.valueAt(25, 0), EPS);
        assertTrue(s.valueAt(60, 0) < 1.0 && s.valueAt(60, 0) > s.valueAt(80, 0));
        assertEquals(1.0 / 25 / 1e4, s.valueAt(100, 0), EPS);
    }

    @Test
    void warmupRampsLinearly() {
        ISchedule s = LrSchedules.warmup(LrSchedules.cosine(1.0, 0.0, 100), 10);
        assertEquals(0.5, s.valueAt(4, 0), EPS); // DL4J ramps (iteration+1)/n
        assertEquals(1.0, s.valueAt(10, 0), EPS);
    }

    @Test
    void ourSchedulesSurviveDl4jJsonSoCheckpointsKeepThem() {
        for (ISchedule s : new ISchedule[] {new CosineSchedule(org.nd4j.linalg.schedule.ScheduleType.EPOCH, 0.1, 0.001, 7),
                new OneCycleSchedule(0.01, 300), new ScaledSchedule(LrSchedules.exponential(0.1, 0.2), 0.25)}) {
            ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().updater(new Adam(s)).graphBuilder()
                    .addInputs("in").addLayer("out", new OutputLayer.Builder().nIn(2).nOut(2).build(), "in")
                    .setOutputs("out").build();
            ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(conf.toJson());
            assertEquals(conf, back, "round trip of " + s);
        }
    }

    @Test
    void badArgumentsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LrSchedules.step(0.1, 0.5, 0));
        assertTrue(e.getMessage().contains("everyEpochs"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new OneCycleSchedule(0.1, 100, 1.5, 25, 1e4));
    }
}
