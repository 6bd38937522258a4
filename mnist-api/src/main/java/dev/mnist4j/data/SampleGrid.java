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
        return render(data, rows, cols, seed, Augmentation.NONE);
    }

    /**
     * With an augmentation, each row shows one random image as stored, then {@code cols - 1}
     * distortions of it, as training would see them.
     */
    public static BufferedImage render(DataSet data, int rows, int cols, long seed, Augmentation augmentation) {
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
            int index = 0;
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    boolean distort = !augmentation.isNone() && c > 0;
                    if (!distort) {
                        index = random.nextInt(data.size());
                    }
                    int x = GAP + c * (CELL + GAP);
                    int y = GAP + r * (CELL + LABEL + GAP);
                    g.drawImage(
                            distort ? distorted(data, index, augmentation, random.nextLong()) : data.image(index),
                            x,
                            y,
                            CELL,
                            CELL,
                            null);
                    g.setColor(Color.DARK_GRAY);
                    String label = (distort ? "distorted " : "label ") + data.label(index);
                    int tw = g.getFontMetrics().stringWidth(label);
                    g.drawString(label, x + (CELL - tw) / 2, y + CELL + LABEL - 5);
                }
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    private static BufferedImage distorted(DataSet data, int index, Augmentation augmentation, long seed) {
        int[] raw = data.rawImage(index);
        byte[] bytes = new byte[raw.length];
        for (int i = 0; i < raw.length; i++) {
            bytes[i] = (byte) raw[i];
        }
        float[] out = new float[raw.length];
        augmentation.apply(bytes, 0, out, 0, seed);
        int[] grey = new int[raw.length];
        for (int i = 0; i < grey.length; i++) {
            grey[i] = Math.round(Math.min(255f, Math.max(0f, out[i])));
        }
        BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setPixels(0, 0, 28, 28, grey);
        return img;
    }
}
