package io.transfer4j.transfer.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.transfer4j.dsl.Network;
import io.transfer4j.transfer.Learner;
import io.transfer4j.transfer.LearnerData;
import io.transfer4j.transfer.TransferModel;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;

class FineTuneTest {
    @Test
    void headOnTheFrozenTrunkThenEverythingAtATenthOfTheRate() {
        DataSet train = TestNets.blobs(160, 1);
        DataSet val = TestNets.blobs(40, 2);
        Network net = Network.builder("ft").seed(3).inputVector(6).dense(12).name("trunk").act(Activation.RELU)
                .output(3).name("out").build();
        TransferModel model = TransferModel.from(net).freezeAllExcept("out");
        float[] trunk = model.graph().getLayer("trunk").params().toFloatVector();

        FineTune.Result r = Learner.of(model, LearnerData.of(train, val, null)).settings(b -> b.batchSize(16).progressBar(false))
                .fineTune(FineTune.builder(2, 2).lr(1e-2).build());

        assertTrue(r.head().cachedFeatures(), "phase 1 trains the head on cached trunk features");
        assertEquals(2, r.head().epochs());
        assertFalse(r.unfrozen().cachedFeatures());
        assertEquals(2, r.unfrozen().epochs());
        assertTrue(model.frozenLayers().isEmpty(), "everything unfrozen");
        assertEquals(1e-3, r.unfrozen().last().learningRate(), 1e-12, "phase 2 at a tenth of the rate");
        assertEquals(0.01, model.lrMultiplier("trunk"), 1e-12, "the trunk at a hundredth of the head's rate (fastai's slice)");
        assertEquals(1.0, model.lrMultiplier("out"), 1e-12);
        float[] after = model.graph().getLayer("trunk").params().toFloatVector();
        assertFalse(java.util.Arrays.equals(trunk, after), "the trunk moved in phase 2");
    }

    @Test
    void phaseOneLeavesTheTrunkBitIdentical() {
        Network net = Network.builder("ft").seed(3).inputVector(6).dense(12).name("trunk").act(Activation.RELU)
                .output(3).name("out").build();
        TransferModel model = TransferModel.from(net).freezeAllExcept("out");
        float[] trunk = model.graph().getLayer("trunk").params().toFloatVector();
        new Trainer(model.graph(), TrainingConfig.builder(2).progressBar(false).build()).fit(TestNets.blobs(64, 1), null);
        assertArrayEquals(trunk, model.graph().getLayer("trunk").params().toFloatVector());
    }
}
