package io.transfer4j.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Shape inference, summary rows and the errors of issue 22's options. */
class LayerOptionsShapeTest {

    private static Network build(UnaryOperator<NetworkBuilder> def) {
        return def.apply(Network.builder("t").input(8, 8, 3)).build();
    }

    @Test
    void ceilModeRoundsUpButNeverStartsAWindowInThePadding() {
        // 8 with k3 s2: floor 3, ceil 4; with pad 1: ceil((8+2-3)/2) + 1 = 5 (window 5 starts at 8, inside 8+1)
        assertEquals(Shape.image(3, 3, 3), build(b -> b.maxPool(3).stride(2)).outputShape());
        assertEquals(Shape.image(4, 4, 3), build(b -> b.maxPool(3).stride(2).ceilMode()).outputShape());
        assertEquals(Shape.image(5, 5, 3), build(b -> b.maxPool(3).stride(2).pad(1).ceilMode()).outputShape());
        // 7 with k2 s2 pad 1: ceil((7+2-2)/2) + 1 = 5, but window 5 would start at 8 = 7+1, in the end padding: 4
        Network seven = Network.builder("t7").input(7, 7, 1).avgPool(2).stride(2).pad(1).ceilMode().build();
        assertEquals(Shape.image(4, 4, 1), seven.outputShape());
        ShapeChecks.assertForwardAgrees(seven, 1);
    }

    @Test
    void perSidePaddingAndSameStartShapes() {
        assertEquals(Shape.image(4, 4, 5), build(b -> b.conv(5, 3).stride(2).pad(0, 1, 0, 1)).outputShape());
        assertEquals(Shape.image(4, 3, 5), build(b -> b.conv(5, 3).stride(2).pad(0, 1, 0, 0)).outputShape());
        assertEquals(Shape.image(4, 4, 5), build(b -> b.conv(5, 3).stride(2).sameStart()).outputShape());
        assertEquals(Shape.image(4, 4, 3), build(b -> b.maxPool(3).stride(2).sameStart()).outputShape());
        // transposed: 2·(8−1) + 3 − 1 − 1 + 1 = 16
        assertEquals(Shape.image(16, 16, 2), build(b -> b.transposedConv(2, 3).stride(2).pad(1).outputPadding(1)).outputShape());
    }

    @Test
    void helperLayersAppearInTheGraphAndSummary() {
        Network net = build(b -> b.conv(5, 3).stride(2).pad(0, 1, 0, 1).name("c").maxPool(3).stride(2).pad(1).ceilMode().name("p")
                .transposedConv(2, 3).stride(2).pad(1).outputPadding(1).name("up").avgPool(2).countIncludePad().pad(1).name("a"));
        assertTrue(net.layerNames().containsAll(java.util.List.of("c_pad", "c", "p", "up", "up_crop", "a")), net.layerNames().toString());
        ShapeChecks.assertForwardAgrees(net, 2);
        Summary s = net.summary();
        assertEquals("ZeroPadding", s.row("c_pad").type());
        assertTrue(s.row("p").type().contains("ceil"), s.row("p").type());
        assertTrue(s.row("a").type().contains("incl-pad"), s.row("a").type());
        assertEquals(net.shapeOf("up"), s.row("up_crop").shape());
        assertEquals(0, s.row("c_pad").params());
    }

    @Test
    void optionsOnTheWrongLayerNameTheLayerAndWhatItTakes() {
        var e = assertThrows(IllegalStateException.class, () -> build(b -> b.avgPool(2).dilation(2)));
        assertTrue(e.getMessage().contains("dilation() does not apply to layer 'avg_pool1' (avg_pool)")
                && e.getMessage().contains("countIncludePad"), e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> build(b -> b.maxPool(2).countIncludePad()));
        assertTrue(e.getMessage().contains("countIncludePad() does not apply to layer 'max_pool1'") && e.getMessage().contains("ceilMode"), e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> build(b -> b.conv(2, 3).outputPadding(1)));
        assertTrue(e.getMessage().contains("outputPadding() does not apply to layer 'conv1' (conv)"), e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> build(b -> b.globalAvgPool().ceilMode()));
        assertTrue(e.getMessage().contains("its options: keepDims"), e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> build(b -> b.relu().ceilMode()));
        assertTrue(e.getMessage().contains("ceilMode() does not apply to layer 'relu1'"), e.getMessage());
    }

    @Test
    void impossibleCombinationsAreRefusedNamingTheLayer() {
        var e = assertThrows(ShapeException.class, () -> build(b -> b.maxPool(3).stride(2).same().ceilMode()));
        assertTrue(e.getMessage().contains("max_pool1") && e.getMessage().contains("ceilMode does not apply with padding same"), e.getMessage());
        e = assertThrows(ShapeException.class, () -> build(b -> b.transposedConv(2, 3).stride(2).outputPadding(1)));
        assertTrue(e.getMessage().contains("deconv1") && e.getMessage().contains("padding at least as large"), e.getMessage());
        e = assertThrows(ShapeException.class, () -> build(b -> b.transposedConv(2, 3).stride(2).pad(2).outputPadding(2)));
        assertTrue(e.getMessage().contains("smaller than the stride"), e.getMessage());
        e = assertThrows(ShapeException.class, () -> build(b -> b.transposedConv(2, 3).stride(2).sameStart()));
        assertTrue(e.getMessage().contains("SAME_START does not apply to transposedConv"), e.getMessage());
        e = assertThrows(ShapeException.class, () -> build(b -> b.maxPool(2).pad(2, 0, 0, 0)));
        assertTrue(e.getMessage().contains("smaller than the pool window"), e.getMessage());
        var a = assertThrows(IllegalArgumentException.class, () -> build(b -> b.lrn(4, 1e-4, 0.75, 2)));
        assertTrue(a.getMessage().contains("lrn size must be odd"), a.getMessage());
        a = assertThrows(IllegalArgumentException.class, () -> build(b -> b.hardSigmoid(0, 0.5)));
        assertTrue(a.getMessage().contains("alpha > 0"), a.getMessage());
        a = assertThrows(IllegalArgumentException.class, () -> build(b -> b.conv(2, 3).pad(0, -1, 0, 0)));
        assertTrue(a.getMessage().contains("padding must be >= 0"), a.getMessage());
    }

    @Test
    void helperNamesCannotCollide() {
        var e = assertThrows(IllegalArgumentException.class, () -> build(b -> b.relu().name("c_pad").conv(2, 3).stride(2).pad(0, 1, 0, 1).name("c")));
        assertTrue(e.getMessage().contains("'c_pad' is taken by the helper layer"), e.getMessage());
    }
}
