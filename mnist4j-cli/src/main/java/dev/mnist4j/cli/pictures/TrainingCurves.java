package dev.mnist4j.cli.pictures;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.mnist4j.train.EpochResult;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;
import org.apiguardian.api.API;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;

/** Loss and accuracy per epoch, side by side, with XChart. */
@API(status = INTERNAL)
public final class TrainingCurves {
    private TrainingCurves() {}

    public static BufferedImage render(List<EpochResult> results, String title) {
        double[] epochs = results.stream().mapToDouble(EpochResult::epoch).toArray();
        XYChart loss = new XYChartBuilder()
                .width(520)
                .height(380)
                .title("Loss")
                .xAxisTitle("epoch")
                .yAxisTitle("mean cross-entropy")
                .build();
        loss.addSeries(
                "train loss",
                epochs,
                results.stream().mapToDouble(EpochResult::loss).toArray());
        if (results.stream().allMatch(r -> r.test() != null)) {
            loss.addSeries(
                    "test loss",
                    epochs,
                    results.stream().mapToDouble(r -> r.test().meanLoss()).toArray());
        }
        if (results.stream().allMatch(r -> r.validation() != null)) {
            loss.addSeries(
                    "validation loss",
                    epochs,
                    results.stream().mapToDouble(r -> r.validation().meanLoss()).toArray());
        }
        XYChart accuracy = new XYChartBuilder()
                .width(520)
                .height(380)
                .title("Accuracy")
                .xAxisTitle("epoch")
                .yAxisTitle("accuracy (%)")
                .build();
        accuracy.addSeries(
                "train",
                epochs,
                results.stream().mapToDouble(r -> r.accuracy() * 100).toArray());
        if (results.stream().allMatch(r -> r.test() != null)) {
            accuracy.addSeries(
                    "test",
                    epochs,
                    results.stream().mapToDouble(r -> r.test().accuracy() * 100).toArray());
        }
        if (results.stream().allMatch(r -> r.validation() != null)) {
            accuracy.addSeries(
                    "validation",
                    epochs,
                    results.stream()
                            .mapToDouble(r -> r.validation().accuracy() * 100)
                            .toArray());
        }
        for (XYChart c : List.of(loss, accuracy)) {
            c.getStyler().setMarkerSize(7);
            c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            c.getStyler().setXAxisDecimalPattern("#");
            c.getStyler().setLocale(Locale.ROOT);
        }
        // values in full: "0.04", not ".04"
        loss.getStyler().setYAxisDecimalPattern("0.00");
        accuracy.getStyler().setYAxisDecimalPattern("0.0");
        BufferedImage left = BitmapEncoder.getBufferedImage(loss);
        BufferedImage right = BitmapEncoder.getBufferedImage(accuracy);
        int header = 30;
        BufferedImage out = new BufferedImage(
                left.getWidth() + right.getWidth(), left.getHeight() + header, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(loss.getStyler().getChartBackgroundColor());
            g.fillRect(0, 0, out.getWidth(), header);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.DARK_GRAY);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
            // the recipe, which can be long, on a line of its own across both charts
            String text = title;
            while (g.getFontMetrics().stringWidth(text) > out.getWidth() - 20 && text.length() > 4) {
                text = text.substring(0, text.length() - 4) + "…";
            }
            g.drawString(text, (out.getWidth() - g.getFontMetrics().stringWidth(text)) / 2, 20);
            g.drawImage(left, 0, header, null);
            g.drawImage(right, left.getWidth(), header, null);
        } finally {
            g.dispose();
        }
        return out;
    }
}
