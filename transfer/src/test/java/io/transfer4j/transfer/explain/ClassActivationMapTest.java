package io.transfer4j.transfer.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.transfer4j.dsl.Network;
import io.transfer4j.dsl.Shape;
import io.transfer4j.transfer.TransferModel;
import io.transfer4j.zoo.Zoo;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Issue 18: plain CAM for global-average-pool models is Zhou et al.'s map, Grad-CAM's up to the cell count. */
class ClassActivationMapTest {

    @Test
    void camIsTheClassScoreSpreadOverTheCellsAndGradCamTimesTheCellCount() {
        Network net = Network.builder("gap").seed(2).input(12, 12, 3).conv(4, 3).same().act(Activation.RELU).name("feat")
                .globalAvgPool().dropout(0.5).output(3).name("out").build();
        ComputationGraph g = net.graph().convertDataType(DataType.DOUBLE);
        TransferModel m = TransferModel.from(g, net.inputShapes().get(0));
        ClassActivationMap cam = ClassActivationMap.of(m);
        assertEquals("feat", cam.featureLayer());
        GradCam grad = GradCam.of(m).layer("feat");
        INDArray x = Nd4j.rand(DataType.DOUBLE, 1, 3, 12, 12);
        INDArray logits = grad.scores(g.feedForward(x, false).get("feat"));
        for (int c = 0; c < 3; c++) {
            double[][] s = cam.scoreMap(x, c);
            double mean = java.util.Arrays.stream(s).flatMapToDouble(java.util.Arrays::stream).average().orElseThrow();
            double bias = g.getLayer("out").getParam("b").getDouble(c);
            assertEquals(logits.getDouble(0, c), mean + bias, 1e-9, "class " + c + ": mean of the map + bias = the score");
            double[][] h = cam.heatmap(x, c).map();
            double[][] gc = grad.heatmap(x, c).map();
            for (int y = 0; y < 12; y++) {
                for (int i = 0; i < 12; i++) {
                    assertEquals(Math.max(0, s[y][i]), h[y][i], 0);
                    assertEquals(h[y][i] / 144, gc[y][i], 1e-9, "class " + c + " at " + y + "," + i);
                }
            }
        }
    }

    @Test
    void googLeNetsMapIsSevenBySevenOverTheCourseNotes1024Channels() {
        // seed 003: "the last layer before average pooling has 7 x 7 x 1024; it is spatially reduced to 1 x 1 x 1024"
        Network gn = Zoo.googlenet().weights("none").build();
        ClassActivationMap cam = ClassActivationMap.of(TransferModel.from(gn));
        assertEquals(Shape.image(7, 7, 1024), gn.shapeOf(cam.featureLayer()));
    }

    @Test
    void modelsWithoutAveragePoolingBeforeTheOutputAreRefusedNamingTheLayer() {
        TransferModel max = TransferModel.from(Network.builder("max").input(8, 8, 1).conv(2, 3).globalMaxPool().name("gmp").output(2).build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClassActivationMap.of(max));
        assertTrue(e.getMessage().contains("'gmp'") && e.getMessage().contains("global average pooling")
                && e.getMessage().contains("Grad-CAM"), e.getMessage());
        TransferModel hidden = TransferModel.from(Network.builder("hidden").input(8, 8, 1).conv(2, 3).globalAvgPool()
                .dense(4).name("fc1").output(2).build());
        e = assertThrows(IllegalArgumentException.class, () -> ClassActivationMap.of(hidden));
        assertTrue(e.getMessage().contains("'fc1'"), e.getMessage());
    }
}
