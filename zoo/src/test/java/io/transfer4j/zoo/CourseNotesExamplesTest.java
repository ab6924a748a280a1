package io.transfer4j.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.transfer4j.dsl.Network;
import io.transfer4j.dsl.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The worked examples and figures of the course notes ({@code shared/seeds/001-004}) as test cases, computed by the
 * DSL's layers on DL4J (the others live beside the code they check: VGG16's table in Vgg16SummaryTest, the lab CNN's
 * parameter count and seed 004's shapes and max-pool example in NetworkBuilderTest, seed 003's FC-to-conv figure in
 * ConvolutionalizeTest, GoogLeNet's 7x7x1024 in ClassActivationMapTest).
 */
class CourseNotesExamplesTest {

    private static INDArray image(int h, int w, float... v) {
        return Nd4j.create(v, new long[] {1, 1, h, w});
    }

    /** Runs one conv layer with the given single-channel kernel (no bias) over {@code x}. */
    private static float[] convolve(Network net, String conv, float[] kernel, INDArray x) {
        ComputationGraph g = net.graph();
        g.getLayer(conv).getParam("W").assign(Nd4j.create(kernel, g.getLayer(conv).getParam("W").shape()));
        g.getLayer(conv).getParam("b").assign(0);
        return g.outputSingle(x).castTo(DataType.FLOAT).reshape(-1).toFloatVector();
    }

    @Test
    void seed003SingleFilterOnAFiveByFiveByThreeVolume() {
        // "Input volume 5 x 5 x 3, single 3 x 3 filter, 3 x 3^2 + 1 = 28 parameters" (no padding: a 3x3 output)
        Network net = Network.builder("volume").input(5, 5, 3).conv(1, 3).build();
        assertEquals(28, net.parameterCount());
        assertEquals(Shape.image(3, 3, 1), net.outputShape());
    }

    @Test
    void seed004MeanFilterBlursTheSquare() {
        // "side effect of mean filtering: blurring": the 3x3 box filter over the 10x10 image of 90s, no padding.
        float[] in = new float[100];
        for (int r = 2; r <= 6; r++) {
            for (int c = 3; c <= 7; c++) {
                in[r * 10 + c] = 90;
            }
        }
        in[5 * 10 + 4] = 0;   // the hole in the square
        in[8 * 10 + 2] = 90;  // the stray pixel
        Network net = Network.builder("mean").input(10, 10, 1).conv(1, 3).act(Activation.IDENTITY).name("c").build();
        float ninth = 1f / 9;
        float[] out = convolve(net, "c", new float[] {ninth, ninth, ninth, ninth, ninth, ninth, ninth, ninth, ninth}, image(10, 10, in));
        float[] notes = {
            0, 10, 20, 30, 30, 30, 20, 10,
            0, 20, 40, 60, 60, 60, 40, 20,
            0, 30, 60, 90, 90, 90, 60, 30,
            0, 30, 50, 80, 80, 90, 60, 30,
            0, 30, 50, 80, 80, 90, 60, 30,
            0, 20, 30, 50, 50, 60, 40, 20,
            10, 20, 30, 30, 30, 30, 20, 10,
            10, 10, 10, 0, 0, 0, 0, 0};
        assertArrayEquals(notes, out, 1e-3f);
    }

    @Test
    void seed002LabCnnLayerListing() {
        // 1. conv 32 3x3 relu  2. conv 64 3x3 relu  3. max pool 2x2 (dropout 0.25)  4. dense 128 relu (dropout 0.5)  5. dense 10 softmax
        Network lab = Zoo.labCnn().build();
        Map<String, Shape> shapes = new LinkedHashMap<>();
        for (String name : List.of("conv1", "conv2", "pool", "flatten", "fc1", "predictions")) {
            shapes.put(name, lab.shapeOf(name));
        }
        assertEquals(List.of(Shape.image(26, 26, 32), Shape.image(24, 24, 64), Shape.image(12, 12, 64), Shape.flat(9216),
                Shape.flat(128), Shape.flat(10)), List.copyOf(shapes.values()), shapes.toString());
        assertEquals(1_199_882, lab.parameterCount());
    }

    @Test
    void seed002AlexNetTable() {
        Network a = Zoo.alexnet().weights("none").build();
        Map<String, Shape> notes = new LinkedHashMap<>();
        notes.put("conv1", Shape.image(55, 55, 96));     // [55x55x96] CONV1: 96 11x11 filters at stride 4, pad 0
        notes.put("pool1", Shape.image(27, 27, 96));     // [27x27x96] MAX POOL1: 3x3 filters at stride 2
        notes.put("norm1", Shape.image(27, 27, 96));
        notes.put("conv2", Shape.image(27, 27, 256));    // 256 5x5 filters at stride 1, pad 2
        notes.put("pool2", Shape.image(13, 13, 256));
        notes.put("norm2", Shape.image(13, 13, 256));
        notes.put("conv3", Shape.image(13, 13, 384));
        notes.put("conv4", Shape.image(13, 13, 384));
        notes.put("conv5", Shape.image(13, 13, 256));
        notes.put("pool3", Shape.image(6, 6, 256));      // [6x6x256] MAX POOL3
        notes.put("fc6", Shape.flat(4096));
        notes.put("fc7", Shape.flat(4096));
        notes.put("fc8", Shape.flat(1000));            // class scores
        notes.forEach((layer, shape) -> assertEquals(shape, a.shapeOf(layer), layer));
        assertEquals(Shape.image(227, 227, 3), a.inputShapes().get(0));
    }

    @Test
    void seed001ConvolutionAsOneMatrixProduct() {
        // "input 200x200x3; conv layer = 75 filters 10x10x3, stride 2": each output is a 300-long dot product, W is 75x300
        Network net = Network.builder("im2col").input(200, 200, 3).conv(75, 10).stride(2).name("c").build();
        assertEquals(Shape.image(96, 96, 75), net.outputShape());
        assertEquals(75L * (10 * 10 * 3 + 1), net.parameterCount());
    }
}
