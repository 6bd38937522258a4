package dev.mnist4j.cli.pictures;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.mnist4j.train.EpochResult;
import java.awt.image.BufferedImage;
import java.util.List;
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
                .title("Loss — " + title)
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
        XYChart accuracy = new XYChartBuilder()
                .width(520)
                .height(380)
                .title("Accuracy — " + title)
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
        for (XYChart c : List.of(loss, accuracy)) {
            c.getStyler().setMarkerSize(7);
            c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            c.getStyler().setXAxisDecimalPattern("#");
        }
        BufferedImage left = BitmapEncoder.getBufferedImage(loss);
        BufferedImage right = BitmapEncoder.getBufferedImage(accuracy);
        BufferedImage out =
                new BufferedImage(left.getWidth() + right.getWidth(), left.getHeight(), BufferedImage.TYPE_INT_RGB);
        out.getGraphics().drawImage(left, 0, 0, null);
        out.getGraphics().drawImage(right, left.getWidth(), 0, null);
        return out;
    }
}
