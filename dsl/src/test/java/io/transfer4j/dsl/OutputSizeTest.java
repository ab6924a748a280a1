package io.transfer4j.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * The course's output-size formula {@code (W − F + 2P)/S + 1} (F the dilated kernel {@code d(k−1)+1}) over a
 * grid of sizes, kernels, strides, paddings and dilations: our inference, DL4J's own inference and (for a
 * sample of the grid, to stay fast) a real forward pass must all give it.
 */
class OutputSizeTest {
    static final int[] SIZES = {5, 8, 13};
    static final int[] KERNELS = {1, 2, 3, 5};
    static final int[] STRIDES = {1, 2, 3};
    static final int[] PADS = {0, 1, 2};
    static final int[] DILATIONS = {1, 2};

    /** Every 11th valid combination also runs forward. */
    static final int FORWARD_EVERY = 11;

    @Test
    void convValidAndExplicitPaddingFollowTheFormula() {
        int valid = 0;
        int impossible = 0;
        for (int w : SIZES) {
            for (int k : KERNELS) {
                for (int s : STRIDES) {
                    for (int p : PADS) {
                        for (int d : DILATIONS) {
                            int f = d * (k - 1) + 1;
                            var b = Network.builder("conv-" + w + "-" + k + "-" + s + "-" + p + "-" + d)
                                    .input(w, w + 1, 2).conv(3, k).stride(s).pad(p).dilation(d);
                            if (w + 2 * p - f < 0) {
                                assertThrows(ShapeException.class, b::build, "F=" + f + " on W=" + w + " P=" + p);
                                impossible++;
                                continue;
                            }
                            Network net = b.build();
                            Shape out = net.outputShape();
                            assertEquals((w - f + 2 * p) / s + 1, out.height(), net.name());
                            assertEquals((w + 1 - f + 2 * p) / s + 1, out.width(), net.name());
                            assertEquals(3, out.channels());
                            ShapeChecks.assertDl4jInferenceAgrees(net);
                            if (valid++ % FORWARD_EVERY == 0) {
                                ShapeChecks.assertForwardAgrees(net, 2);
                            }
                        }
                    }
                }
            }
        }
        assertEquals(SIZES.length * KERNELS.length * STRIDES.length * PADS.length * DILATIONS.length, valid + impossible);
        assertEquals(true, impossible > 0 && valid > 200, valid + " valid, " + impossible + " impossible");
    }

    @Test
    void sameIsCeilOfSizeOverStride() {
        int i = 0;
        for (int w : SIZES) {
            for (int k : KERNELS) {
                for (int s : STRIDES) {
                    for (int d : DILATIONS) {
                        Network net = Network.builder("same-" + w + "-" + k + "-" + s + "-" + d)
                                .input(w, w, 1).conv(2, k).stride(s).dilation(d).same().build();
                        assertEquals((w + s - 1) / s, net.outputShape().height(), net.name());
                        ShapeChecks.assertDl4jInferenceAgrees(net);
                        if (i++ % FORWARD_EVERY == 0) {
                            ShapeChecks.assertForwardAgrees(net, 1);
                        }
                    }
                }
            }
        }
    }

    @Test
    void poolingFollowsTheFormulaWithoutDilation() {
        int i = 0;
        for (int w : SIZES) {
            for (int k : new int[] {2, 3}) {
                for (int s : STRIDES) {
                    for (int p : new int[] {0, 1}) {
                        Network max = Network.builder("max-" + w + "-" + k + "-" + s + "-" + p)
                                .input(w, w, 2).maxPool(k).stride(s).pad(p).build();
                        Network avg = Network.builder("avg-" + w + "-" + k + "-" + s + "-" + p)
                                .input(w, w, 2).avgPool(k).stride(s).pad(p).build();
                        for (Network net : new Network[] {max, avg}) {
                            assertEquals((w - k + 2 * p) / s + 1, net.outputShape().height(), net.name());
                            ShapeChecks.assertDl4jInferenceAgrees(net);
                            if (i++ % FORWARD_EVERY == 0) {
                                ShapeChecks.assertForwardAgrees(net, 1);
                            }
                        }
                    }
                }
            }
        }
    }

    /** Transposed conv inverts the formula: {@code S(W − 1) + F − 2P}, or {@code W·S} with SAME. */
    @Test
    void transposedConvInvertsTheFormula() {
        int i = 0;
        for (int w : new int[] {3, 4, 7}) {
            for (int k : new int[] {2, 3, 4}) {
                for (int s : new int[] {1, 2}) {
                    for (int p : new int[] {0, 1}) {
                        for (int d : DILATIONS) {
                            int f = d * (k - 1) + 1;
                            Network net = Network.builder("deconv-" + w + "-" + k + "-" + s + "-" + p + "-" + d)
                                    .input(w, w, 2).transposedConv(3, k).stride(s).pad(p).dilation(d).build();
                            assertEquals(s * (w - 1) + f - 2 * p, net.outputShape().height(), net.name());
                            ShapeChecks.assertDl4jInferenceAgrees(net);
                            if (i++ % FORWARD_EVERY == 0) {
                                ShapeChecks.assertForwardAgrees(net, 1);
                            }
                        }
                    }
                    Network same = Network.builder("deconv-same-" + w + "-" + k + "-" + s)
                            .input(w, w, 2).transposedConv(3, k).stride(s).same().build();
                    assertEquals(w * s, same.outputShape().height(), same.name());
                    ShapeChecks.assertDl4jInferenceAgrees(same);
                    ShapeChecks.assertForwardAgrees(same, 1);
                }
            }
        }
    }
}
