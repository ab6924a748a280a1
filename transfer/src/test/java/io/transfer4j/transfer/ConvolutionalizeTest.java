package io.transfer4j.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.transfer4j.dsl.Network;
import io.transfer4j.dsl.Shape;
import io.transfer4j.transfer.onnx.Engine;
import io.transfer4j.zoo.Zoo;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Issue 18: FC -> conv with rearranged weights (seed 003's figure), on a small VGG-like net and VGG16's shapes. */
class ConvolutionalizeTest {
    @TempDir
    Path dir;

    /**
     * Two conv/pool stages (total stride 4) to an 8x8x8 volume, then dense 16, dropout, dense 12, softmax 5. VALID
     * convs: with SAME padding (as in VGG16) a window's border pixels see zeros when run alone but real neighbours
     * inside the larger image, so only VALID convs make each cell equal its window exactly.
     */
    static TransferModel smallVgg() {
        Network net = Network.builder("small-vgg").seed(11).input(38, 38, 3)
                .conv(4, 3).act(Activation.RELU).name("block1_conv1").maxPool(2).name("block1_pool")
                .conv(8, 3).act(Activation.RELU).name("block2_conv1").maxPool(2).name("block2_pool")
                .flatten().name("flatten").dense(16).act(Activation.RELU).name("fc1").dropout(0.5).name("drop1")
                .dense(12).act(Activation.RELU).name("fc2").output(5).name("predictions").build();
        return TransferModel.from(net).labels(List.of("a", "b", "c", "d", "e"));
    }

    @Test
    void atTheTrainingSizeItEqualsTheDenseHeadAndLargerInputsGiveAWindowedScoreMap() throws Exception {
        TransferModel model = smallVgg();
        INDArray x = Nd4j.rand(new long[] {2, 3, 38, 38}).muli(2);
        INDArray dense = model.graph().outputSingle(false, x);

        TransferModel same = Convolutionalize.of(model, 38, 38);
        INDArray map1 = same.graph().outputSingle(false, x);
        assertArrayEquals(new long[] {2, 5, 1, 1}, map1.shape());
        assertEquals(0.0, map1.reshape(2, 5).sub(dense).amaxNumber().doubleValue(), 1e-5);

        TransferModel big = Convolutionalize.of(model, 54, 54);
        assertEquals(List.of("a", "b", "c", "d", "e"), big.labels());
        INDArray image = Nd4j.rand(new long[] {1, 3, 54, 54}).muli(2);
        INDArray map = big.graph().outputSingle(false, image);
        assertArrayEquals(new long[] {1, 5, 5, 5}, map.shape());   // (54 - 38) / 4 + 1 = 5 cells per side
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 5; j++) {
                INDArray window = image.get(NDArrayIndex.all(), NDArrayIndex.all(),
                        NDArrayIndex.interval(4 * i, 4 * i + 38), NDArrayIndex.interval(4 * j, 4 * j + 38)).dup();
                INDArray expected = model.graph().outputSingle(false, window);
                INDArray cell = map.get(NDArrayIndex.point(0), NDArrayIndex.all(), NDArrayIndex.point(i), NDArrayIndex.point(j));
                assertEquals(0.0, cell.reshape(1, 5).sub(expected).amaxNumber().doubleValue(), 1e-4, "cell " + i + "," + j);
            }
        }
        // The saved file loads back to the same map, and ONNX Runtime computes it too.
        Path file = dir.resolve("small-vgg-54.zip");
        big.save(file);
        TransferModel loaded = TransferModel.load(file);
        assertEquals(0.0, loaded.graph().outputSingle(false, image).sub(map).amaxNumber().doubleValue(), 1e-6);
        try (Engine ort = Engine.create(Engine.Kind.ONNX_RUNTIME, big.graph(), big.inputShapes(), null, dir)) {
            assertEquals(0.0, ort.output(image).sub(map).amaxNumber().doubleValue(), 1e-4);
        }
    }

    /** Seed 003: VGG16 at 384x384 -> 12x12x512 after block5_pool, 6x6x4096 (F=7, then F=1), 6x6x1000. Shapes only. */
    @Test
    void vgg16At384GivesTheCourseNotesSixBySixMap() {
        Network vgg = Zoo.vgg16().build();   // configuration only: no weights are allocated here
        ComputationGraphConfiguration conf = Convolutionalize.configuration(vgg.conf(), Shape.image(224, 224, 3), 384, 384);
        Map<String, InputType> t = conf.getLayerActivationTypes(InputType.convolutional(384, 384, 3));
        assertEquals(InputType.convolutional(12, 12, 512), t.get("block5_pool"));
        assertEquals(InputType.convolutional(6, 6, 4096), t.get("fc1"));
        assertEquals(InputType.convolutional(6, 6, 4096), t.get("fc2"));
        assertEquals(InputType.convolutional(6, 6, 1000), t.get("predictions"));
        var fc1 = (org.deeplearning4j.nn.conf.layers.ConvolutionLayer)
                ((org.deeplearning4j.nn.conf.graph.LayerVertex) conf.getVertices().get("fc1")).getLayerConf().getLayer();
        assertArrayEquals(new int[] {7, 7}, fc1.getKernelSize());
    }

    @Test
    void graphsItCannotApplyToNameTheLayer() {
        TransferModel gap = TransferModel.from(Network.builder("gap").input(16, 16, 3).conv(4, 3).globalAvgPool().name("avg_pool")
                .output(3).build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Convolutionalize.of(gap, 32, 32));
        assertTrue(e.getMessage().contains("'avg_pool'") && e.getMessage().contains("global pooling"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Convolutionalize.of(smallVgg(), 16, 16));
        assertTrue(e.getMessage().contains("smaller than the training size 38x38"), e.getMessage());
    }
}
