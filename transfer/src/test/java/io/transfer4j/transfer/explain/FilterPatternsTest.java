package io.transfer4j.transfer.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.transfer4j.dsl.Network;
import io.transfer4j.transfer.TransferModel;
import io.transfer4j.zoo.Preprocessing;
import java.awt.image.BufferedImage;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Issue 18: filter patterns by gradient ascent — the input gradient is right and the ascent goes where the filter points. */
class FilterPatternsTest {

    @Test
    void inputGradientOfAChannelsMeanMatchesFiniteDifferences() {
        Network net = Network.builder("tiny").seed(5).input(6, 6, 2).conv(3, 3).same().act(Activation.TANH).name("c1")
                .maxPool(2).conv(2, 3).same().act(Activation.TANH).name("c2").flatten().output(3).build();
        ComputationGraph g = net.graph().convertDataType(DataType.DOUBLE);
        TransferModel m = TransferModel.from(g, net.inputShapes().get(0));
        FilterPatterns p = FilterPatterns.of(m).layer("c2");
        INDArray x = Nd4j.rand(DataType.DOUBLE, 1, 2, 6, 6).subi(0.5);
        for (int ch = 0; ch < 2; ch++) {
            int c = ch;
            INDArray analytic = p.gradient(x, ch);
            assertEquals(x.length(), analytic.length());
            FiniteDifferences.check(in -> p.meanActivation(in, c), x, analytic, 3, 1e-6, "channel " + ch);
        }
    }

    /** A 1x1 conv whose filter 0 reads red minus blue, in the channel order the preprocessing feeds it. */
    private static TransferModel redMinusBlue(Preprocessing pre) {
        Network net = Network.builder("rgb").seed(1).input(16, 16, 3).conv(2, 1).act(Activation.IDENTITY).name("c")
                .globalAvgPool().output(2).build();
        TransferModel m = TransferModel.from(net);
        m.preprocessing(pre);
        INDArray w = m.graph().getLayer("c").getParam("W");   // [filters, inputs, 1, 1]
        w.assign(0);
        int red = pre.bgr() ? 2 : 0;
        w.putScalar(new long[] {0, red, 0, 0}, 1.0);
        w.putScalar(new long[] {0, 2 - red, 0, 0}, -1.0);
        m.graph().getLayer("c").getParam("b").assign(0);
        return m;
    }

    private static double channelMean(INDArray pixels, int c) {
        return pixels.get(NDArrayIndex.point(0), NDArrayIndex.point(c)).meanNumber().doubleValue();
    }

    @Test
    void ascentMakesTheImageRedWhereTheFilterWantsRedAndShowsItInRgbForBgrModelsToo() {
        for (Preprocessing pre : new Preprocessing[] {Preprocessing.unit(16, 16, 3), Preprocessing.caffe(16, 16)}) {
            FilterPatterns.Pattern p = FilterPatterns.of(redMinusBlue(pre)).layer("c").pattern(0);
            double r = channelMean(p.pixels(), 0);
            double g = channelMean(p.pixels(), 1);
            double b = channelMean(p.pixels(), 2);
            assertTrue(r > g + 10 && g > b + 10, pre + ": displayed R/G/B means " + r + " / " + g + " / " + b);
            // 40 steps of ~1.2 grey levels each on R and B: red minus blue rises by about 98 grey levels
            double levels = (p.endActivation() - p.startActivation()) * (pre.bgr() ? 1 : 255);
            assertTrue(levels > 80 && levels < 120, pre + ": mean activation rose by " + levels + " grey levels");
        }
    }

    @Test
    void gridIsTheDeclaredSizeAndBadArgumentsAreClearErrors() {
        TransferModel m = redMinusBlue(Preprocessing.unit(16, 16, 3));
        BufferedImage img = FilterPatterns.of(m).layer("c").steps(2).image(0, 1);
        assertEquals(2 * (16 + 6), img.getWidth());
        assertEquals(16 + 6 + 14, img.getHeight());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FilterPatterns.of(m).layer("cc"));
        assertTrue(e.getMessage().contains("no layer named 'cc'") && e.getMessage().contains("c"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FilterPatterns.of(m).layer(m.layerNames().get(m.layerNames().size() - 1)));
        assertTrue(e.getMessage().contains("outputs a vector") && e.getMessage().contains("filter patterns"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FilterPatterns.of(m).layer("c").steps(1).pattern(2));
        assertTrue(e.getMessage().contains("channel 2 is out of range") && e.getMessage().contains("2 channels"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> FilterPatterns.of(m).pattern(0));
    }
}
