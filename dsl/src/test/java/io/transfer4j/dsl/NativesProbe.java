package io.transfer4j.dsl;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.factory.Nd4jBackend;

/**
 * Main for {@link NativesTest}'s child JVMs. {@code dsl-first}: uses only the DSL, then one forward pass.
 * {@code nd4j-first}: makes an array with ND4J before any transfer4j class (as a user's {@code main} or a test
 * would), then builds and runs a network. Prints ND4J's loaded build on the last line.
 */
public final class NativesProbe {
    private NativesProbe() {
    }

    public static void main(String[] args) {
        INDArray data = args.length > 0 && args[0].equals("nd4j-first") ? Nd4j.rand(3, 16) : null;
        Network net = Network.builder("probe").input(8, 8, 1).conv(2, 3).flatten().output(2).build();
        INDArray out = net.graph().outputSingle(Nd4j.rand(1, 1, 8, 8));
        if (data != null) {
            out.addi(data.sumNumber().doubleValue() * 0);
        }
        System.out.println("probe ok " + out.length() + " backend=" + Nd4j.getBackend().getClass().getSimpleName());
    }

    /** Keeps the import honest: the hook is a backend ND4J instantiates. */
    static Class<? extends Nd4jBackend> hook() {
        return NativesHook.class;
    }
}
