package io.transfer4j.transfer.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.transfer4j.dsl.Network;
import io.transfer4j.dsl.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Engines over one exported file share one ONNX Runtime session; released ones stay open for the next, within a bound. */
class OrtSessionsTest {
    @TempDir
    Path dir;

    private static ComputationGraph net(long seed) {
        return Network.builder("s" + seed).seed(seed).input(6, 6, 2).conv(3, 3).relu().globalAvgPool().output(2).build().graph();
    }

    private Path export(String name, long seed) {
        return OnnxExport.export(net(seed), List.of(Shape.image(6, 6, 2)), dir.resolve(name + ".onnx"));
    }

    @Test
    void enginesOverOneFileShareOneSessionAndARewrittenFileGetsANewOne() throws Exception {
        Path file = export("a", 1);
        INDArray x = Nd4j.rand(DataType.FLOAT, 3, 2, 6, 6);
        String out = net(1).getConfiguration().getNetworkOutputs().get(0);
        int before = OrtSessions.opened();
        INDArray first;
        try (Engine a = Engine.onnxRuntime(file, out); Engine b = Engine.onnxRuntime(file, out)) {
            first = a.output(x);
            assertEquals(first, b.output(x));
        }
        try (Engine c = Engine.onnxRuntime(file, out)) {    // after both closed: the idle session is reused
            assertEquals(first, c.output(x));
        }
        assertEquals(before + 1, OrtSessions.opened(), "three engines over one file, one session");

        Path other = export("b", 2);
        Files.move(other, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + 5_000));
        try (Engine d = Engine.onnxRuntime(file, out)) {
            assertEquals(before + 2, OrtSessions.opened(), "the file changed: a new session");
            INDArray expected = net(2).outputSingle(false, x).castTo(DataType.FLOAT);
            assertTrue(expected.sub(d.output(x)).amaxNumber().doubleValue() < 1e-5, "the new file's outputs");
        }
    }

    @Test
    void atMostIdleSessionsStayOpenTheLeastRecentlyReleasedClosesFirst() {
        String out = net(1).getConfiguration().getNetworkOutputs().get(0);
        List<Path> files = List.of(export("x", 3), export("y", 4), export("z", 5));
        int before = OrtSessions.opened();
        for (Path f : files) {
            Engine.onnxRuntime(f, out).close();
        }
        assertEquals(before + 3, OrtSessions.opened());
        Engine.onnxRuntime(files.get(2), out).close();      // still open
        Engine.onnxRuntime(files.get(1), out).close();      // still open
        assertEquals(before + 3, OrtSessions.opened(), "the two most recently released stay open");
        Engine.onnxRuntime(files.get(0), out).close();      // was closed as the third idle one
        assertEquals(before + 4, OrtSessions.opened());
    }
}
