package io.transfer4j.transfer.report;

import io.transfer4j.transfer.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PNG charts for training reports, drawn with XChart: learning curves and a confusion matrix.
 * Files are written atomically ({@link AtomicFiles}), so a report never holds half a PNG.
 *
 * <pre>{@code
 * Charts.learningCurves(Path.of("report/curves.png"), "epoch", Map.of("train loss", trainLoss, "val loss", valLoss));
 * Charts.confusionMatrix(Path.of("report/confusion.png"), matrix, List.of("cobblestone", "interlocking", "unpaved"));
 * }</pre>
 */
public final class Charts {
    private Charts() {
    }

    /** One line per series, x = 1..n (epochs or steps); series may differ in length. */
    public static Path learningCurves(Path png, String xLabel, Map<String, List<Double>> series) {
        XYChart chart = new XYChartBuilder().width(800).height(500).title("Learning curves").xAxisTitle(xLabel).yAxisTitle("value").build();
        chart.getStyler().setMarkerSize(4);
        series.forEach((name, ys) -> {
            if (!ys.isEmpty()) {
                double[] x = IntStream.rangeClosed(1, ys.size()).asDoubleStream().toArray();
                chart.addSeries(name, x, ys.stream().mapToDouble(Double::doubleValue).toArray()).setMarker(SeriesMarkers.CIRCLE);
            }
        });
        return write(chart, png);
    }

    /** A line chart of y against x, e.g. loss against learning rate (log x axis when {@code logX}). */
    public static Path xy(Path png, String title, String xLabel, String yLabel, double[] x, double[] y, boolean logX) {
        XYChart chart = new XYChartBuilder().width(800).height(500).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        chart.getStyler().setXAxisLogarithmic(logX);
        chart.getStyler().setLegendVisible(false);
        chart.addSeries(yLabel, x, y).setMarker(SeriesMarkers.NONE);
        return write(chart, png);
    }

    /** Heat map of {@code matrix[actual][predicted]} with class names on both axes. */
    public static Path confusionMatrix(Path png, int[][] matrix, List<String> labels) {
        int n = labels.size();
        if (matrix.length != n) {
            throw new IllegalArgumentException("confusion matrix has " + matrix.length + " rows but " + n + " labels");
        }
        HeatMapChart chart = new HeatMapChartBuilder().width(Math.max(520, 240 + 90 * n)).height(Math.max(420, 160 + 60 * n))
                .title("Confusion matrix").xAxisTitle("predicted").yAxisTitle("actual").build();
        chart.getStyler().setShowValue(true);
        chart.getStyler().setPlotContentSize(1);
        List<Number[]> cells = new ArrayList<>();
        for (int actual = 0; actual < n; actual++) {
            for (int predicted = 0; predicted < n; predicted++) {
                // XChart draws y upwards: flip rows so the first class is on top, as in every textbook.
                cells.add(new Number[] {predicted, n - 1 - actual, matrix[actual][predicted]});
            }
        }
        List<String> reversed = new ArrayList<>(labels);
        java.util.Collections.reverse(reversed);
        chart.addSeries("counts", labels, reversed, cells);
        return write(chart, png);
    }

    private static Path write(Chart<?, ?> chart, Path png) {
        try {
            AtomicFiles.write(png, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
            return png;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write chart " + png + ": " + e.getMessage(), e);
        }
    }
}
