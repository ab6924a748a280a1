package io.transfer4j.transfer.train;

import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * MixUp and CutMix as timm's {@code Mixup} applies them to a batch: with probability {@code prob} the batch is mixed
 * with a shuffled copy of itself, by MixUp ({@code x = λ·x + (1-λ)·x[perm]}) or, with probability {@code switchProb}
 * when both are on, by CutMix (a box of {@code x[perm]} pasted over each image, λ = the share of the image left);
 * the targets mix with the same λ. λ is drawn from Beta(α, α). MixUp works on cached trunk features as well as on
 * images; CutMix needs images (feature caching is then off).
 *
 * <pre>{@code
 * TrainingConfig.builder(10).batchTransform(MixUp.mixUp(0.2));          // on cached features too
 * TrainingConfig.builder(10).batchTransform(new MixUp(0.8, 1.0, 0.5, 1.0));   // timm's defaults: either, half each
 * }</pre>
 */
public record MixUp(double mixupAlpha, double cutmixAlpha, double switchProb, double prob) implements BatchTransform {
    public MixUp {
        if (!(mixupAlpha >= 0) || !(cutmixAlpha >= 0) || mixupAlpha + cutmixAlpha <= 0) {
            throw new IllegalArgumentException("MixUp needs mixupAlpha >= 0 and cutmixAlpha >= 0, one of them > 0; got "
                    + mixupAlpha + " and " + cutmixAlpha);
        }
        if (!(switchProb >= 0 && switchProb <= 1) || !(prob >= 0 && prob <= 1)) {
            throw new IllegalArgumentException("MixUp probabilities must be in [0, 1], got switchProb " + switchProb + ", prob " + prob);
        }
    }

    /** MixUp alone, on every batch. */
    public static MixUp mixUp(double alpha) {
        return new MixUp(alpha, 0, 0, 1);
    }

    /** CutMix alone, on every batch. */
    public static MixUp cutMix(double alpha) {
        return new MixUp(0, alpha, 1, 1);
    }

    @Override
    public boolean needsImages() {
        return cutmixAlpha > 0;
    }

    @Override
    public DataSet apply(DataSet batch, Random random) {
        int n = batch.numExamples();
        if (n < 2 || random.nextDouble() >= prob) {
            return batch;
        }
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        INDArray x = batch.getFeatures();
        INDArray y = batch.getLabels();
        INDArray xp = x.get(NDArrayIndex.indices(toLong(perm)));
        INDArray yp = y.get(NDArrayIndex.indices(toLong(perm)));
        boolean cut = cutmixAlpha > 0 && (mixupAlpha <= 0 || random.nextDouble() < switchProb);
        if (cut) {
            if (x.rank() != 4) {
                throw new IllegalArgumentException("CutMix pastes boxes into images [n, c, h, w] but the batch has shape "
                        + java.util.Arrays.toString(x.shape()) + "; use MixUp on cached features");
            }
            double lam = beta(cutmixAlpha, random);
            long h = x.size(2);
            long w = x.size(3);
            long ch = Math.round(h * Math.sqrt(1 - lam));
            long cw = Math.round(w * Math.sqrt(1 - lam));
            long cy = (long) (random.nextDouble() * h);
            long cx = (long) (random.nextDouble() * w);
            long y0 = Math.max(0, cy - ch / 2), y1 = Math.min(h, cy + (ch + 1) / 2);
            long x0 = Math.max(0, cx - cw / 2), x1 = Math.min(w, cx + (cw + 1) / 2);
            INDArray mixed = x.dup();
            if (y1 > y0 && x1 > x0) {
                var box = new org.nd4j.linalg.indexing.INDArrayIndex[] {NDArrayIndex.all(), NDArrayIndex.all(),
                        NDArrayIndex.interval(y0, y1), NDArrayIndex.interval(x0, x1)};
                mixed.get(box).assign(xp.get(box));
            }
            double kept = 1 - (double) (y1 - y0) * (x1 - x0) / (h * w);
            return new DataSet(mixed, y.mul(kept).addi(yp.mul(1 - kept)));
        }
        double lam = beta(mixupAlpha, random);
        return new DataSet(x.mul(lam).addi(xp.mul(1 - lam)), y.mul(lam).addi(yp.mul(1 - lam)));
    }

    private static long[] toLong(int[] a) {
        long[] out = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i];
        }
        return out;
    }

    /** A Beta(a, a) draw as X / (X + Y) of two Gamma(a) draws. */
    static double beta(double a, Random r) {
        double g1 = gamma(a, r);
        double g2 = gamma(a, r);
        return g1 + g2 == 0 ? 0.5 : g1 / (g1 + g2);
    }

    /** Marsaglia and Tsang's Gamma(a, 1) sampler (a < 1 through Gamma(a + 1) · U^(1/a)). */
    private static double gamma(double a, Random r) {
        if (a < 1) {
            return gamma(a + 1, r) * Math.pow(r.nextDouble(), 1 / a);
        }
        double d = a - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double z = r.nextGaussian();
            double v = Math.pow(1 + c * z, 3);
            if (v > 0 && Math.log(r.nextDouble()) < 0.5 * z * z + d - d * v + d * Math.log(v)) {
                return d * v;
            }
        }
    }
}
