package dev.mnist4j.cli.pictures;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.mnist4j.predict.Prediction;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Locale;
import org.apiguardian.api.API;

/**
 * What a prediction saw: the original picture, the 28×28 input the model actually read (as the
 * tutorial shows it with {@code plt.imshow}), and the ten probabilities as bars.
 */
@API(status = INTERNAL)
public final class PredictionPicture {
    private static final int PANEL = 224;

    private PredictionPicture() {}

    public static BufferedImage render(BufferedImage original, int[] seen, Prediction p, String title) {
        int width = 3 * PANEL + 4 * 16;
        int height = PANEL + 70;
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
            g.setColor(Color.BLACK);
            g.drawString(
                    String.format(Locale.ROOT, "%s: %d (%.2f%%)", title, p.digit(), p.probability() * 100), 16, 22);
            int top = 40;
            // The original, fitted into its panel.
            double s = Math.min((double) PANEL / original.getWidth(), (double) PANEL / original.getHeight());
            int ow = (int) Math.max(1, original.getWidth() * s);
            int oh = (int) Math.max(1, original.getHeight() * s);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(original, 16 + (PANEL - ow) / 2, top + (PANEL - oh) / 2, ow, oh, Color.WHITE, null);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
            g.drawImage(Png.digit(seen), 32 + PANEL, top, PANEL, PANEL, null);
            g.setColor(Color.GRAY);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            g.drawString("original", 16, top + PANEL + 18);
            g.drawString("28×28 input the model saw", 32 + PANEL, top + PANEL + 18);
            // Probability bars.
            int x0 = 48 + 2 * PANEL;
            int barH = PANEL / 10 - 4;
            for (int d = 0; d < 10; d++) {
                int y = top + d * (PANEL / 10);
                int len = (int) Math.round(p.probabilities()[d] * (PANEL - 70));
                g.setColor(d == p.digit() ? new Color(0x2e7d32) : new Color(0x90a4ae));
                g.fillRect(x0 + 18, y, Math.max(1, len), barH);
                g.setColor(Color.BLACK);
                g.drawString(Integer.toString(d), x0, y + barH - 4);
                g.drawString(
                        String.format(Locale.ROOT, "%.1f%%", p.probabilities()[d] * 100), x0 + 22 + len, y + barH - 4);
            }
        } finally {
            g.dispose();
        }
        return out;
    }
}
