package io.transfer4j.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.transfer4j.dsl.Network;
import io.transfer4j.samples.roads.SyntheticRoads;
import io.transfer4j.transfer.TransferModel;
import io.transfer4j.zoo.Preprocessing;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Issue 29 on real exports: torchvision's resnet18, mobilenet_v2, efficientnet_b0, densenet121 and googlenet with random
 * weights, exported by {@code torch.onnx.export} at test time ({@code src/test/python/export_torchvision.py}, 64×64 input),
 * import with PyTorch's outputs (within 1e-4 of the largest), and resnet18 goes through the CLI: import, then finetune on
 * a small image folder. Skipped, with a message, where {@code python3 -c "import torch, torchvision"} fails.
 */
class TorchvisionImportTest {
    static final int SIZE = 64;
    @TempDir
    static Path dir;

    @BeforeAll
    static void exportWithPyTorch() throws Exception {
        String python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
        Assumptions.assumeTrue(run(python, "-c", "import torch, torchvision").code == 0,
                "PyTorch is not installed (python3 -c \"import torch, torchvision\" failed): torchvision import tests skipped."
                        + " Debian: apt-get install python3-torch python3-torchvision");
        Result r = run(python, "src/test/python/export_torchvision.py", dir.toString(), String.valueOf(SIZE),
                "resnet18", "mobilenet_v2", "efficientnet_b0", "densenet121", "googlenet");
        assertEquals(0, r.code, "export_torchvision.py failed:\n" + r.output);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"resnet18", "mobilenet_v2", "efficientnet_b0", "densenet121", "googlenet"})
    void importsWithPyTorchsOutputs(String name) throws Exception {
        Network.builder("warmup");
        TransferModel m = TransferModel.fromOnnx(dir.resolve(name + ".onnx"), Preprocessing.torch(SIZE, SIZE));
        INDArray x = floats(dir.resolve(name + ".input.bin"), 2, 3, SIZE, SIZE);
        INDArray expected = floats(dir.resolve(name + ".output.bin"), 2, 1000);
        INDArray actual = m.output(x);
        double err = expected.sub(actual).amaxNumber().doubleValue() / expected.amaxNumber().doubleValue();
        assertTrue(err <= 1e-4, name + ": relative difference to PyTorch " + err);
        assertTrue(m.info().orElseThrow().classifierLayer() != null, name + ": the final Linear is found as the classifier");
    }

    @Test
    void resnet18ImportsAndFineTunesThroughTheCli() throws Exception {
        Path model = dir.resolve("resnet18.zip");
        CliTest.Result r = CliTest.run("import", dir.resolve("resnet18.onnx").toString(), "--preprocess", "torch", "--out", model.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("classifier fc_Gemm"), r.out());
        Path roads = SyntheticRoads.write(dir.resolve("roads"), 8, 72);
        Path tuned = dir.resolve("roads.zip");
        r = CliTest.run("finetune", "--data", roads.toString(), "--model", model.toString(), "--epochs", "2", "--batch", "8",
                "--out", tuned.toString(), "--report", dir.resolve("report").toString());
        assertEquals(0, r.code(), r.err());
        TransferModel t = TransferModel.load(tuned);
        assertEquals(SyntheticRoads.CLASSES, t.labels());
        assertEquals(Preprocessing.torch(SIZE, SIZE), t.preprocessing());
        assertTrue(t.isFrozen("conv1_Conv"), t.frozenLayers().toString());
    }

    private static INDArray floats(Path file, long... shape) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        float[] v = new float[buf.remaining() / 4];
        buf.asFloatBuffer().get(v);
        return Nd4j.create(v, shape, 'c').castTo(DataType.FLOAT);
    }

    private record Result(int code, String output) {
    }

    private static Result run(String... command) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return new Result(-1, out + "\n(timed out)");
            }
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            return new Result(-1, e.getMessage());
        }
    }
}
