package dev.mnist4j.data;

import static org.apiguardian.api.API.Status.STABLE;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.SplittableRandom;
import org.apiguardian.api.API;

/**
 * The tutorial's {@code viewTrainDataset}: random images of a split in a grid, each labelled, as a
 * picture to save or show.
 */
@API(status = STABLE)
public final class SampleGrid {
    private static final int SCALE = 4; // 28 px drawn as 112 px
    private static final int CELL = 28 * SCALE;
    private static final int LABEL = 22;
    private static final int GAP = 8;

    private SampleGrid() {}

    /** {@code rows × cols} images drawn at random (from {@code seed}) with their labels underneath. */
    public static BufferedImage render(DataSet data, int rows, int cols, long seed) {
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException("rows and cols must be at least 1");
        }
        int width = cols * (CELL + GAP) + GAP;
        int height = rows * (CELL + LABEL + GAP) + GAP;
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
            SplittableRandom random = new SplittableRandom(seed);
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    int index = random.nextInt(data.size());
                    int x = GAP + c * (CELL + GAP);
                    int y = GAP + r * (CELL + LABEL + GAP);
                    g.drawImage(data.image(index), x, y, CELL, CELL, null);
                    g.setColor(Color.DARK_GRAY);
                    String label = "label " + data.label(index);
                    int tw = g.getFontMetrics().stringWidth(label);
                    g.drawString(label, x + (CELL - tw) / 2, y + CELL + LABEL - 5);
                }
            }
        } finally {
            g.dispose();
        }
        return out;
    }
}
