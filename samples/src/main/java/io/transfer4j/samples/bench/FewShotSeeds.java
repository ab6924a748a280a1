package io.transfer4j.samples.bench;

import io.transfer4j.transfer.Learner;
import io.transfer4j.transfer.LearnerData.Split;
import io.transfer4j.transfer.data.FashionMnist;
import io.transfer4j.transfer.data.LabeledImages;
import io.transfer4j.transfer.pretrained.FewShotRecipe;
import io.transfer4j.transfer.pretrained.PretrainedFashionCnn;
import io.transfer4j.transfer.train.TrainingResult;
import java.util.Locale;

/**
 * The few-shot protocols (shipped trunk, Fashion-MNIST classes 5-9, {@link FewShotRecipe}) over more seeds than
 * a test can afford, with the spread: a 3-seed mean moves by points from sample to sample, so judge a change
 * of recipe here. {@code fixed}: FewShotFashionMnistTest's fixed epochs; {@code stopped}: the demo's, epochs
 * chosen on held-out training images. {@code full} or {@code embedded} picks the data. Run from the repository root:
 *
 * <pre>
 * mvn -B -q -o compile dependency:build-classpath -pl samples -am -Dmdep.outputFile=target/bench.cp
 * java -Xmx2g -cp samples/target/classes:$(cat samples/target/bench.cp) io.transfer4j.samples.bench.FewShotSeeds \
 *     [seeds=10] [shots=5] [full|embedded] [fixed|stopped]
 * </pre>
 */
public final class FewShotSeeds {
    private static final int[] NEW_CLASSES = {5, 6, 7, 8, 9};

    private FewShotSeeds() {
    }

    public static void main(String[] args) {
        int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int shots = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        FashionMnist fm = args.length > 2 && args[2].equals("embedded") ? FashionMnist.embedded() : FashionMnist.locate();
        boolean stopped = args.length > 3 && args[3].equals("stopped");
        LabeledImages train = fm.train().filterClasses(NEW_CLASSES).scaled(1 / 255.0);
        LabeledImages test = fm.test().filterClasses(NEW_CLASSES).scaled(1 / 255.0);
        double[] transfer = new double[seeds];
        double[] scratch = new double[seeds];
        System.out.printf(Locale.ROOT, "%d images per class, %s epochs, %d test images (%s)%n%-6s %14s %14s %14s %s%n", shots,
                stopped ? "validated" : "fixed", test.size(), fm, "seed", "transfer", "scratch", "margin", stopped ? "  epochs (best)" : "");
        for (int i = 0; i < seeds; i++) {
            long seed = i + 1;
            LabeledImages few = train.sample(shots, seed);
            String epochs = "";
            LabeledImages val = stopped ? FewShotRecipe.validation(train, shots, FewShotRecipe.VALIDATION_PER_CLASS, seed) : null;
            Learner t = FewShotRecipe.transfer(PretrainedFashionCnn.loadModel(), few, val, test, seed);
            Learner s = FewShotRecipe.scratch(few, val, test, seed);
            TrainingResult tr = t.fit(FewShotRecipe.HEAD_EPOCHS);
            TrainingResult sr = s.fit(FewShotRecipe.SCRATCH_EPOCHS);
            transfer[i] = t.evaluate(Split.TEST).accuracy();
            scratch[i] = s.evaluate(Split.TEST).accuracy();
            if (stopped) {
                epochs = String.format(Locale.ROOT, "  %d (%d) / %d (%d)", tr.epochs(), tr.bestEpoch(), sr.epochs(), sr.bestEpoch());
            }
            System.out.printf(Locale.ROOT, "%-6d %14.4f %14.4f %+14.4f%s%n", seed, transfer[i], scratch[i], transfer[i] - scratch[i], epochs);
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
