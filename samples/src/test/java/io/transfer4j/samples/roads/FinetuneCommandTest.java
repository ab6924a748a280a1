package io.transfer4j.samples.roads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.transfer4j.samples.cli.Transfer4j;
import io.transfer4j.transfer.TransferModel;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code transfer4j finetune} in-process: the road recipe behind the CLI, with --freeze-up-to. */
class FinetuneCommandTest {
    @TempDir
    Path dir;

    @Test
    void finetuneWithFreezeUpToWritesAModelFrozenOnlyThatFar() throws Exception {
        Path roads = SyntheticRoads.write(dir.resolve("roads"), 12, 48);
        Path standIn = StandIn.write(dir.resolve("standin.zip"));
        Path out = dir.resolve("model.zip");
        StringWriter err = new StringWriter();
        int code = Transfer4j.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "finetune", "--data", roads.toString(),
                "--model", StandIn.MODEL, "--weights", standIn.toString(), "--size", "32", "--epochs", "2", "--batch", "8",
                "--hidden", "0", "--freeze-up-to", "block2_conv1", "--out", out.toString(), "--report", dir.resolve("report").toString());
        assertEquals(0, code, err.toString());
        TransferModel m = TransferModel.load(out);
        assertTrue(m.isFrozen("block1_conv1") && m.isFrozen("block2_conv1") && !m.isFrozen("block3_conv1"), m.frozenLayers().toString());
        assertTrue(Files.isDirectory(dir.resolve("report")));
    }

    @Test
    void regularisationOptionsReachTheTrainedModel() throws Exception {
        Path roads = SyntheticRoads.write(dir.resolve("roads"), 8, 32);
        Path standIn = StandIn.write(dir.resolve("standin.zip"));
        Path out = dir.resolve("reg.zip");
        StringWriter err = new StringWriter();
        int code = Transfer4j.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "finetune", "--data", roads.toString(),
                "--model", StandIn.MODEL, "--weights", standIn.toString(), "--size", "32", "--epochs", "1", "--batch", "8",
                "--hidden", "0", "--weight-decay", "0.01", "--label-smoothing", "0.1", "--mixup", "0.2", "--class-weights", "auto",
                "--ema", "0.9", "--sampler", "balanced", "--out", out.toString(), "--report", dir.resolve("reg-report").toString());
        assertEquals(0, code, err.toString());
        TransferModel m = TransferModel.load(out);
        String outName = m.graph().getConfiguration().getNetworkOutputs().get(0);
        var conf = (org.deeplearning4j.nn.conf.layers.BaseOutputLayer) m.graph().getLayer(outName).conf().getLayer();
        assertEquals(1, conf.getRegularization().size(), "--weight-decay on the head's weights");
        assertTrue(conf.getRegularizationBias().isEmpty(), "not on its biases");
        assertTrue(((org.nd4j.linalg.lossfunctions.impl.LossMCXENT) conf.getLossFn()).getWeights() != null, "--class-weights auto");
        StringWriter bad = new StringWriter();
        assertEquals(1, Transfer4j.run(new PrintWriter(new StringWriter()), new PrintWriter(bad), "finetune", "--data", roads.toString(),
                "--model", StandIn.MODEL, "--weights", standIn.toString(), "--class-weights", "1,x"));
        assertTrue(bad.toString().contains("--class-weights"), bad.toString());
        Path weightsFile = Files.writeString(dir.resolve("weights.txt"), "cobblestone 1\ninterlocking 1\ngravel 3\n");
        StringWriter badFile = new StringWriter();
        assertEquals(1, Transfer4j.run(new PrintWriter(new StringWriter()), new PrintWriter(badFile), "finetune", "--data", roads.toString(),
                "--model", StandIn.MODEL, "--weights", standIn.toString(), "--size", "32", "--epochs", "1", "--class-weights",
                weightsFile.toString(), "--out", dir.resolve("w.zip").toString(), "--report", dir.resolve("w-report").toString()));
        assertTrue(badFile.toString().contains("weights.txt line 3") && badFile.toString().contains("'gravel'"), badFile.toString());
        StringWriter badEma = new StringWriter();
        assertEquals(1, Transfer4j.run(new PrintWriter(new StringWriter()), new PrintWriter(badEma), "finetune", "--data", roads.toString(),
                "--model", StandIn.MODEL, "--weights", standIn.toString(), "--ema", "1.5"));
        assertTrue(badEma.toString().contains("--ema"), badEma.toString());
        StringWriter badSampler = new StringWriter();
        assertEquals(1, Transfer4j.run(new PrintWriter(new StringWriter()), new PrintWriter(badSampler), "finetune", "--data", roads.toString(),
                "--model", StandIn.MODEL, "--weights", standIn.toString(), "--sampler", "uniform"));
        assertTrue(badSampler.toString().contains("--sampler must be shuffle or balanced"), badSampler.toString());
    }

    /** MobileNet end to end at its smallest input: frozen trunk (features cached), new head, a model file. */
    @Test
    void finetuneMobileNet() throws Exception {
        Path roads = SyntheticRoads.write(dir.resolve("roads"), 8, 32);
        Path out = dir.resolve("mobilenet.zip");
        StringWriter err = new StringWriter();
        int code = Transfer4j.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "finetune", "--data", roads.toString(),
                "--model", "mobilenet", "--weights", "none", "--size", "32", "--epochs", "1", "--batch", "8", "--hidden", "0",
                "--out", out.toString(), "--report", dir.resolve("mobilenet-report").toString());
        assertEquals(0, code, err.toString());
        TransferModel m = TransferModel.load(out);
        assertTrue(m.isFrozen("conv1") && m.isFrozen("conv_dw_13") && m.isFrozen("conv_pw_13_bn"), m.frozenLayers().toString());
        assertEquals(io.transfer4j.zoo.Preprocessing.tf(32, 32), m.preprocessing());
    }

    @Test
    void finetuneWithoutDataIsAUsageError() {
        StringWriter err = new StringWriter();
        assertEquals(2, Transfer4j.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "finetune", "--model", "vgg16"));
        assertTrue(err.toString().contains("--data"), err.toString());
    }
}
