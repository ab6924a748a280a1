package io.transfer4j.transfer.train;

import io.transfer4j.transfer.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The LR finder's curve and its two classic suggestions: the rate where the smoothed loss falls fastest
 * ({@link #steepest()}) and a tenth of the rate with the lowest loss ({@link #minLossOver10()}).
 *
 * @param learningRates rate of each step
 * @param losses        raw batch loss of each step
 * @param smoothed      exponentially smoothed, bias-corrected loss
 */
public record LrFinderResult(double[] learningRates, double[] losses, double[] smoothed) {

    static LrFinderResult of(List<Double> lrs, List<Double> raw, List<Double> smooth) {
        return new LrFinderResult(lrs.stream().mapToDouble(Double::doubleValue).toArray(),
                raw.stream().mapToDouble(Double::doubleValue).toArray(), smooth.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** Index of the lowest smoothed loss. */
    int minIndex() {
        int best = 0;
        for (int i = 1; i < smoothed.length; i++) {
            if (smoothed[i] < smoothed[best]) {
                best = i;
            }
        }
        return best;
    }

    /** The rate with the lowest smoothed loss, divided by 10. */
    public double minLossOver10() {
        return learningRates[minIndex()] / 10;
    }

    /**
     * The rate where the smoothed loss decreases fastest per unit of log(rate), looked for before the
     * minimum (after it the curve is diverging), ignoring the first tenth of the sweep (smoothing warm-up).
     */
    public double steepest() {
        int min = minIndex();
        int from = Math.max(1, smoothed.length / 10);
        int best = -1;
        double bestSlope = 0;
        for (int i = from; i <= min && i + 1 < smoothed.length; i++) {
            double slope = (smoothed[i + 1] - smoothed[i - 1]) / (Math.log(learningRates[i + 1]) - Math.log(learningRates[i - 1]));
            if (slope < bestSlope) {
                bestSlope = slope;
                best = i;
            }
        }
        return best < 0 ? minLossOver10() : learningRates[best];
    }

    /** The suggested rate: the steepest descent point (fastai's classic choice). */
    public double suggestion() {
        return steepest();
    }

    /** Writes the loss-vs-rate curve (log x axis) with both suggestions marked, as a PNG, atomically. */
    public void plot(Path png) throws IOException {
        XYChart chart = new XYChartBuilder().width(800).height(500).title("learning-rate finder")
                .xAxisTitle("learning rate").yAxisTitle("loss").build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setMarkerSize(0);
        chart.addSeries("smoothed loss", learningRates, smoothed).setMarker(SeriesMarkers.NONE);
        chart.addSeries("batch loss", learningRates, losses).setMarker(SeriesMarkers.NONE);
        double lo = min(smoothed);
        double hi = Math.min(max(smoothed), 4 * lo + 1e-9);
        chart.getStyler().setYAxisMin(lo - 0.05 * Math.abs(lo));
        chart.getStyler().setYAxisMax(hi);
        double s = steepest();
        double m = minLossOver10();
        chart.addSeries(String.format("steepest %.2g", s), new double[] {s, s}, new double[] {lo, hi}).setMarker(SeriesMarkers.NONE);
        chart.addSeries(String.format("min/10 %.2g", m), new double[] {m, m}, new double[] {lo, hi}).setMarker(SeriesMarkers.NONE);
        byte[] bytes = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        AtomicFiles.write(png, out -> out.write(bytes));
    }

    private static double min(double[] a) {
        return java.util.Arrays.stream(a).filter(Double::isFinite).min().orElse(Double.POSITIVE_INFINITY);
    }

    private static double max(double[] a) {
        return java.util.Arrays.stream(a).filter(Double::isFinite).max().orElse(Double.NEGATIVE_INFINITY);
    }
}
