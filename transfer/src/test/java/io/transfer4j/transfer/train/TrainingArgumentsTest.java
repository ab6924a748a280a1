package io.transfer4j.transfer.train;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Zero counts and a model with nothing to train fail before any epoch, naming the argument and the fix. */
class TrainingArgumentsTest {

    private static void rejects(Class<? extends Throwable> type, Executable call, String mention) {
        Throwable e = assertThrows(type, call);
        assertTrue(e.getMessage().contains(mention), "'" + mention + "' missing from: " + e.getMessage());
    }

    @Test
    void zeroAndNegativeCountsNameTheSetting() {
        rejects(IllegalArgumentException.class, () -> TrainingConfig.builder(0), "epochs must be at least 1, got 0");
        rejects(IllegalArgumentException.class, () -> TrainingConfig.builder(3).batchSize(0), "batchSize must be at least 1, got 0");
        rejects(IllegalArgumentException.class, () -> EarlyStopping.onValidationLoss(0), "patience must be at least 1 epoch, got 0");
        rejects(IllegalArgumentException.class, () -> TrainingConfig.builder(3).cacheMemoryBudgetBytes(-1), "memory budget");
    }

    @Test
    void aModelWithEveryLayerFrozenIsRefusedBeforeTraining() {
        ComputationGraph plain = TestNets.plain(2);
        ComputationGraph frozen = TestNets.freeze(plain.getConfiguration(), "dense1", "output1");
        TrainingConfig c = TrainingConfig.builder(1).progressBar(false).build();
        rejects(IllegalStateException.class, () -> new Trainer(frozen, c).fit(TestNets.blobs(12, 1), null),
                "nothing to train: every layer of the model is frozen (unfreeze the head)");
    }
}
