package dev.mnist4j.cli.pictures;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.mnist4j.train.Evaluation;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.Locale;
import org.apiguardian.api.API;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;

/** The confusion matrix as a heat map (XChart): rows the actual digit, columns the predicted one. */
@API(status = INTERNAL)
public final class ConfusionHeatmap {
    private ConfusionHeatmap() {}

    public static BufferedImage render(Evaluation e, String title) {
        HeatMapChart chart = new HeatMapChartBuilder()
                .width(640)
                .height(600)
                .title(String.format(Locale.ROOT, "Confusion matrix — %s, accuracy %.2f%%", title, e.accuracy() * 100))
                .xAxisTitle("predicted digit")
                .yAxisTitle("actual digit")
                .build();
        int[] digits = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        int[][] heat = new int[10][10];
        for (int actual = 0; actual < 10; actual++) {
            for (int predicted = 0; predicted < 10; predicted++) {
                heat[predicted][actual] = e.confusion()[actual][predicted]; // XChart indexes [x][y]
            }
        }
        // The colour scale spans the mistakes; correct counts on the diagonal are far larger and saturate.
        int maxError = 1;
        for (int a = 0; a < 10; a++) {
            for (int p = 0; p < 10; p++) {
                if (a != p) {
                    maxError = Math.max(maxError, e.confusion()[a][p]);
                }
            }
        }
        chart.getStyler().setShowValue(true);
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setMin(0);
        chart.getStyler().setMax(maxError);
        chart.getStyler()
                .setRangeColors(
                        new Color[] {Color.WHITE, new Color(0xffe082), new Color(0xff7043), new Color(0xb71c1c)});
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.addSeries("confusion", digits, digits, heat);
        return BitmapEncoder.getBufferedImage(chart);
    }
}
