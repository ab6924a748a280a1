package io.transfer4j.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** A network that cannot work fails at build time, naming the layer and the shapes, never inside ND4J. */
class ShapeErrorTest {

    private static String fails(Executable build, String... mustMention) {
        ShapeException e = assertThrows(ShapeException.class, build);
        for (String s : mustMention) {
            assertTrue(e.getMessage().contains(s), "'" + s + "' missing from: " + e.getMessage());
        }
        return e.getMessage();
    }

    @Test
    void kernelLargerThanInput() {
        fails(() -> Network.builder("n").input(5, 5, 3).conv(8, 7).name("too_big").build(), "too_big", "5x5x3", "7x7");
    }

    @Test
    void dilationMakesTheKernelTooLarge() {
        fails(() -> Network.builder("n").input(6, 6, 1).conv(2, 3).dilation(3).build(), "conv1", "dilated 3x3", "6x6x1");
    }

    @Test
    void shrinkingBelowOnePixelNamesTheFirstLayerThatBreaks() {
        fails(() -> Network.builder("n").input(8, 8, 1).conv(4, 3).conv(4, 3).conv(4, 3).conv(4, 3).build(),
                "'conv4'", "2x2x4");
    }

    @Test
    void poolWindowLargerThanInput() {
        fails(() -> Network.builder("n").input(3, 3, 4).maxPool(4).name("p").build(), "'p'", "3x3x4", "4x4");
    }

    @Test
    void convOnAFlatVector() {
        fails(() -> Network.builder("n").inputVector(10).conv(4, 3).build(), "conv1", "flat vector");
        fails(() -> Network.builder("n").input(4, 4, 1).flatten().maxPool(2).build(), "max_pool1", "flat vector");
        fails(() -> Network.builder("n").input(4, 4, 1).globalAvgPool().flatten().build(), "flatten1", "flat vector");
    }

    @Test
    void addOfMismatchedShapesNamesBothInputs() {
        fails(() -> Network.builder("n").input(8, 8, 3)
                .conv(4, 3).name("a").from("input").conv(4, 3).stride(2).name("b").add("a", "b").build(),
                "add1", "'a' is 6x6x4", "'b' is 3x3x4");
        fails(() -> Network.builder("n").input(8, 8, 3)
                .conv(4, 1).name("a").from("input").conv(5, 1).name("b").multiply("a", "b").build(),
                "multiply1", "8x8x4", "8x8x5");
    }

    @Test
    void concatOfDifferentSpatialSizes() {
        fails(() -> Network.builder("n").input(8, 8, 3)
                .conv(4, 3).name("a").from("input").conv(4, 1).name("b").concat("a", "b").name("cat").build(),
                "'cat'", "'a' 6x6x4", "'b' 8x8x4");
    }

    /** DL4J fails at inference on this one; the builder says so and how to avoid it. */
    @Test
    void batchNormOverAVectorAsNetworkOutput() {
        fails(() -> Network.builder("n").inputVector(4).dense(3).batchNorm().name("emb_bn").build(), "'emb_bn'", "identity()");
        Network ok = Network.builder("n").inputVector(4).dense(3).batchNorm().identity().build();
        assertEquals(3, ok.graph().outputSingle(org.nd4j.linalg.factory.Nd4j.rand(1, 4)).length());
        Network image = Network.builder("n").input(4, 4, 2).conv(3, 1).batchNorm().build();
        assertEquals(48, image.graph().outputSingle(org.nd4j.linalg.factory.Nd4j.rand(new int[] {1, 2, 4, 4})).length());
    }

    @Test
    void shapeQueriesFailEarlyToo() {
        NetworkBuilder b = Network.builder("n").input(4, 4, 1).conv(2, 5);
        assertThrows(ShapeException.class, b::shape);
    }
}
