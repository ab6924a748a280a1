package io.transfer4j.transfer.train;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.transfer4j.dsl.Network;
import io.transfer4j.dsl.Updaters;
import io.transfer4j.transfer.Head;
import io.transfer4j.transfer.TransferModel;
import io.transfer4j.transfer.onnx.Engine;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The hybrid step (augmented input, so no feature cache): the frozen prefix on ONNX Runtime per batch and the
 * trainable rest on DL4J trains the same weights as the whole network on DL4J.
 */
class HybridStepTest {
    @TempDir
    Path cache;

    /** conv-bn-relu frozen, then a trainable conv-bn-relu, pooling and a dropout-free head. */
    private static TransferModel model() {
        Network net = Network.builder("partial").seed(3).input(8, 8, 3)
                .conv(4, 3).same().name("conv1").batchNorm().name("bn1").relu().name("relu1")
                .conv(6, 3).same().name("conv2").batchNorm().name("bn2").relu().name("relu2")
                .globalAvgPool().name("gap").output(3).name("out").build();
        return TransferModel.from(net).newHead(Head.classes(3).dropout(0).seed(5)).freezeUpTo("relu1");
    }

    private static DataSet data() {
        Nd4j.getRandom().setSeed(9);
        INDArray x = Nd4j.rand(DataType.FLOAT, 24, 3, 8, 8);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 24, 3);
        for (int i = 0; i < 24; i++) {
            y.putScalar(i, i % 3, 1);
        }
        return new DataSet(x, y);
    }

    private INDArray train(Engine.Kind engine) {
        TransferModel m = model();
        INDArray before = m.graph().getLayer("conv2").params().dup();
        // plain SGD: the update is linear in the gradient, so the engines' 1e-7 feature differences stay that small
        // (Adam turns a near-zero gradient component's sign into a full step of lr, whichever engine computed it)
        TrainingConfig c = TrainingConfig.builder(2).batchSize(8).optimizer(Updaters.sgd(0.1)).seed(1).progressBar(false)
                .augmentedInput(true).engine(engine).engineCacheDir(cache).build();
        TrainingResult r = new Trainer(m.graph(), c).fit(data(), null);
        assertFalse(r.cachedFeatures(), "augmented input: no feature cache");
        assertTrue(m.graph().getLayer("conv2").params().neq(before).any(), "the layers after the frozen prefix trained");
        return m.graph().params().dup();
    }

    @Test
    void hybridStepTrainsTheSameWeightsAsTheWholeNetworkOnDl4j() {
        INDArray dl4j = train(Engine.Kind.DL4J);
        INDArray hybrid = train(Engine.Kind.ONNX_RUNTIME);
        double diff = dl4j.sub(hybrid).amaxNumber().doubleValue();
        assertTrue(diff < 1e-4, "largest parameter difference " + diff);
    }
}
