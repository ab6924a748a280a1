package io.transfer4j.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;

/** A strict weight load skips random initialisation; a failed one leaves no zero graph behind. */
class OverwriteParametersTest {
    private static Network net() {
        return Network.builder("w").seed(5).input(6, 6, 2).conv(3, 3).batchNorm().relu().globalAvgPool().output(2).build();
    }

    @Test
    void theLoadSeesAZeroGraphThatBecomesTheNetworksGraph() {
        ComputationGraph source = net().graph();
        Network target = net();
        ComputationGraph[] seen = new ComputationGraph[1];
        target.overwriteParameters(g -> {
            assertEquals(0.0, g.params().amaxNumber().doubleValue(), "not randomly initialised");
            seen[0] = g;
            g.setParams(source.params());
            return null;
        });
        assertSame(seen[0], target.graph());
        assertEquals(source.params(), target.graph().params());
    }

    @Test
    void aFailedLoadDropsTheZeroGraph() {
        Network n = net();
        assertThrows(IllegalStateException.class, () -> n.overwriteParameters(g -> {
            throw new IllegalStateException("broken file");
        }));
        assertTrue(n.graph().params().amaxNumber().doubleValue() > 0, "graph() initialises randomly after a failed load");
    }
}
