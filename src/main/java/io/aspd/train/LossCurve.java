package io.aspd.train;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** Draws a run's training and held-out loss against the step, as a PNG for the model card. */
final class LossCurve {
    private LossCurve() {
    }

    static void write(List<TrainingLog.Point> points, String title, Path file) {
        System.setProperty("java.awt.headless", "true");
        XYSeries train = new XYSeries("training loss (smoothed)");
        XYSeries heldout = new XYSeries("held-out loss");
        for (TrainingLog.Point p : points) {
            train.add(p.step(), p.trainLoss());
            heldout.add(p.step(), p.heldoutLoss());
        }
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(train);
        data.addSeries(heldout);
        JFreeChart chart = ChartFactory.createXYLineChart(title, "step", "cross-entropy (nats/token)", data,
                PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        LogAxis axis = new LogAxis("cross-entropy (nats/token, log scale)");
        axis.setSmallestValue(1e-3);
        axis.setNumberFormatOverride(new DecimalFormat("0.###", DecimalFormatSymbols.getInstance(Locale.ROOT)));
        plot.setRangeAxis(axis);
        plot.getRenderer().setSeriesStroke(0, new BasicStroke(2f));
        plot.getRenderer().setSeriesStroke(1, new BasicStroke(2f));
        try {
            ChartUtils.saveChartAsPNG(file.toFile(), chart, 900, 500);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
