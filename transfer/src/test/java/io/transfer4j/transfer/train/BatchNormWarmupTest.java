package io.transfer4j.transfer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.transfer4j.dsl.Network;
import io.transfer4j.transfer.Head;
import io.transfer4j.transfer.TransferModel;
import io.transfer4j.transfer.pretrained.FashionCnn;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

class BatchNormWarmupTest {

    @Test
    void highMomentumOnAShortRunIsNamedWithItsFix() {
        List<String> w = BatchNormWarmup.warnings(FashionCnn.network(5, 1, 0.99).graph(), 300);
        assertEquals(3, w.size(), w.toString());
        assertTrue(w.get(0).contains("'block1_bn'") && w.get(0).contains("momentum 0.990") && w.get(0).contains("only 300 steps")
                && w.get(0).contains("5% of their initial") && w.get(0).contains("momentum <= 0.98")
                && w.get(0).contains("BatchNormAdaptation"), w.get(0));
        assertEquals(List.of(), BatchNormWarmup.warnings(FashionCnn.network(5, 1, 0.99).graph(), 500), "5 windows of 100 steps");
        assertEquals(List.of(), BatchNormWarmup.warnings(FashionCnn.network(5, 1, 0.9).graph(), 300));
        assertEquals(List.of(), BatchNormWarmup.warnings(FashionCnn.network(5, 1, 0.99).graph(), -1), "unknown length");
    }

    @Test
    void frozenBatchNormIsNotWarnedAbout() {
        TransferModel m = TransferModel.from(FashionCnn.network(5, 1, 0.99))
                .newHead(Head.classes(2).cutAt(FashionCnn.FEATURE_LAYER)).freezeAllExcept(Head.OUTPUT);
        assertEquals(List.of(), BatchNormWarmup.warnings(m.graph(), 10));
        assertEquals(3, BatchNormWarmup.warnings(m.trainBn(true).graph(), 10).size(), "train_bn makes them count again");
    }

    @Test
    void trainerLogsTheWarningBeforeAShortRun() {
        Network net = Network.builder("bn").seed(1).input(4, 4, 1).conv(2, 3).same().batchNorm().name("bn1").relu()
                .flatten().output(2).build();
        INDArray y = Nd4j.zeros(8, 2);
        for (int i = 0; i < 8; i++) {
            y.putScalar(i, i % 2, 1);
        }
        DataSet d = new DataSet(Nd4j.rand(8, 1, 4, 4), y);
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            new Trainer(net.graph(), TrainingConfig.builder(3).batchSize(4).progressBar(false).build()).fit(d, null);
        } finally {
            System.setErr(err);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("batch norm 'bn1' has momentum 0.990 but the run has only 6 steps"), log);
    }
}
