package io.transfer4j.transfer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.transfer4j.dsl.Updaters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

class EarlyStoppingTest {
    @Test
    void divergingAfterEpochThreeStopsAndRestoresTheBestWeights() {
        DataSet train = TestNets.blobs(300, 1);
        DataSet val = TestNets.blobs(100, 2);
        ComputationGraph g = TestNets.plain(5);
        List<float[]> paramsPerEpoch = new ArrayList<>();
        // a sane rate for epochs 1-3, then one so large that SGD diverges
        MapSchedule diverge = new MapSchedule(ScheduleType.EPOCH, Map.of(0, 0.05, 3, 500.0));
        TrainingConfig c = TrainingConfig.builder(20).batchSize(20).optimizer(Updaters.sgd(0.05)).schedule(diverge)
                .earlyStopping(EarlyStopping.onValidationLoss(2)).progressBar(false)
                .callback(new Callback() {
                    @Override
                    public void onEpochEnd(TrainingRun run, EpochStats stats) {
                        paramsPerEpoch.add(g.params().toFloatVector());
                    }
                }).build();
        TrainingResult r = new Trainer(g, c).fit(train, val);
        assertTrue(r.stoppedEarly(), "should stop early");
        assertEquals(5, r.epochs(), "best at epoch 3, then 2 epochs of patience");
        assertEquals(3, r.bestEpoch());
        assertTrue(r.history().get(3).validationLoss() > r.history().get(2).validationLoss(), "epoch 4 diverged");
        assertArrayEquals(paramsPerEpoch.get(2), g.params().toFloatVector(), "the weights of epoch 3 are back");
    }

    @Test
    void earlyStoppingWithoutValidationDataIsAClearError() {
        TrainingConfig c = TrainingConfig.builder(3).earlyStopping(EarlyStopping.onValidationAccuracy(1)).progressBar(false).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(TestNets.plain(1), c).fit(TestNets.blobs(10, 1), null));
        assertTrue(e.getMessage().contains("validation"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> EarlyStopping.onValidationLoss(0));
    }
}
