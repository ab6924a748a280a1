package io.transfer4j.dsl;

import org.nd4j.linalg.factory.Nd4j;

/** Main for {@link NativesTest}: uses only the DSL, then runs one forward pass so ND4J loads and logs. */
public final class NativesProbe {
    private NativesProbe() {
    }

    public static void main(String[] args) {
        Network net = Network.builder("probe").input(8, 8, 1).conv(2, 3).flatten().output(2).build();
        net.graph().outputSingle(Nd4j.rand(1, 1, 8, 8));
    }
}
