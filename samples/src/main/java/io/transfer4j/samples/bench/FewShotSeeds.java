package io.transfer4j.samples.bench;

import io.transfer4j.transfer.data.FashionMnist;
import io.transfer4j.transfer.data.LabeledImages;
import io.transfer4j.transfer.onnx.Engine;
import io.transfer4j.transfer.pretrained.FewShotRecipe;
import java.util.Locale;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * FewShotFashionMnistTest's protocol (shipped trunk, 5 images per class of Fashion-MNIST classes 5-9,
 * {@link FewShotRecipe}) over more seeds than the test can afford, with the spread: the test's 3-seed mean
 * moves by points from sample to sample, so judge a change of recipe here. Run from the repository root:
 *
 * <pre>
 * mvn -B -q -o compile dependency:build-classpath -pl samples -am -Dmdep.outputFile=target/bench.cp
 * java -Xmx2g -cp samples/target/classes:$(cat samples/target/bench.cp) io.transfer4j.samples.bench.FewShotSeeds [seeds] [shots]
 * </pre>
 */
public final class FewShotSeeds {
    private static final int[] NEW_CLASSES = {5, 6, 7, 8, 9};

    private FewShotSeeds() {
    }

    public static void main(String[] args) {
        int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int shots = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        FashionMnist fm = FashionMnist.locate();
        LabeledImages train = fm.train().filterClasses(NEW_CLASSES).scaled(1 / 255.0);
        LabeledImages test = fm.test().filterClasses(NEW_CLASSES).scaled(1 / 255.0);
        double[] transfer = new double[seeds];
        double[] scratch = new double[seeds];
        System.out.printf(Locale.ROOT, "%d images per class, %d test images (%s)%n%-6s %14s %14s %14s%n", shots, test.size(), fm,
                "seed", "transfer", "scratch", "margin");
        for (int i = 0; i < seeds; i++) {
            long seed = i + 1;
            LabeledImages few = train.sample(shots, seed);
            ComputationGraph t = FewShotRecipe.trainTransfer(few, shots, seed, Engine.Kind.AUTO);
            ComputationGraph s = FewShotRecipe.trainScratch(few, shots, seed);
            transfer[i] = FewShotRecipe.accuracy(t, test);
            scratch[i] = FewShotRecipe.accuracy(s, test);
            System.out.printf(Locale.ROOT, "%-6d %14.4f %14.4f %+14.4f%n", seed, transfer[i], scratch[i], transfer[i] - scratch[i]);
        }
        double[] margin = new double[seeds];
        for (int i = 0; i < seeds; i++) {
            margin[i] = transfer[i] - scratch[i];
        }
        System.out.printf(Locale.ROOT, "%-6s %14s %14s %14s%n", "mean", pm(transfer), pm(scratch), pm(margin));
        System.exit(0);   // ND4J leaves non-daemon threads behind
    }

    /** Mean ± standard error of the mean. */
    private static String pm(double[] v) {
        double mean = java.util.Arrays.stream(v).average().orElse(Double.NaN);
        double var = java.util.Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum() / Math.max(1, v.length - 1);
        return String.format(Locale.ROOT, "%.4f±%.4f", mean, Math.sqrt(var / v.length));
    }
}
