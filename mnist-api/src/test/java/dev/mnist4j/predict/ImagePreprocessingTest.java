package dev.mnist4j.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class ImagePreprocessingTest {

    private static BufferedImage canvas(int w, int h, Color background, Color ink, int x, int y, int bw, int bh) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setColor(background);
        g.fillRect(0, 0, w, h);
        g.setColor(ink);
        g.fillRect(x, y, bw, bh);
        g.dispose();
        return img;
    }

    /** Bounding box [minX, minY, maxX, maxY] of pixels above 0, and centre of mass. */
    private static double[] geometry(int[] px) {
        int minX = 28;
        int minY = 28;
        int maxX = -1;
        int maxY = -1;
        double mass = 0;
        double mx = 0;
        double my = 0;
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                int v = px[y * 28 + x];
                if (v > 0) {
                    minX = Math.min(minX, x);
                    maxX = Math.max(maxX, x);
                    minY = Math.min(minY, y);
                    maxY = Math.max(maxY, y);
                    mass += v;
                    mx += v * x;
                    my += v * y;
                }
            }
        }
        return new double[] {minX, minY, maxX, maxY, mx / mass, my / mass};
    }

    @Test
    void darkInkOnLightPaperBecomesALightDigitCentredAndTwentyPixelsTall() {
        // A tall stroke, small and far off-centre in a large picture, like a photo of a "1".
        BufferedImage photo = canvas(600, 400, Color.WHITE, Color.BLACK, 40, 30, 8, 120);
        int[] px = ImagePreprocessing.MNIST.toPixels(photo);
        double[] g = geometry(px);
        assertThat(g[3] - g[1] + 1).as("height").isBetween(19.0, 21.0);
        // MNIST's digits have their centre of mass at (14.0, 14.0) in pixel indices (measured)
        assertThat(g[4]).as("centre of mass x").isCloseTo(14.0, within(0.6));
        assertThat(g[5]).as("centre of mass y").isCloseTo(14.0, within(0.6));
        assertThat(px[0]).as("background is dark").isZero();
        assertThat(java.util.Arrays.stream(px).max().getAsInt()).isGreaterThan(200);
    }

    /** A "7" of two strokes, 3 px wide, on a 100×100 picture: 40 wide and 20 tall. */
    private static BufferedImage seven(Color paper, Color ink) {
        BufferedImage img = canvas(100, 100, paper, paper, 0, 0, 1, 1);
        Graphics2D g = img.createGraphics();
        g.setColor(ink);
        g.setStroke(new java.awt.BasicStroke(3));
        g.drawLine(20, 30, 60, 30);
        g.drawLine(60, 30, 50, 50);
        g.dispose();
        return img;
    }

    @Test
    void lightInkOnDarkGivesTheSameResultAsDarkInkOnLight() {
        int[] dark = ImagePreprocessing.MNIST.toPixels(seven(Color.WHITE, Color.BLACK));
        int[] light = ImagePreprocessing.MNIST.toPixels(seven(Color.BLACK, Color.WHITE));
        assertThat(light).containsExactly(dark);
        double[] g = geometry(dark);
        assertThat(g[2] - g[0] + 1).as("width: the longest side").isBetween(19.0, 21.0);
        assertThat(g[3] - g[1] + 1).as("height keeps the 2:1 aspect").isBetween(9.0, 12.0);
    }

    @Test
    void transparencyIsLaidOnWhite() {
        BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_ARGB); // all transparent
        Graphics2D g = img.createGraphics();
        g.setColor(Color.BLACK);
        g.fillRect(20, 10, 10, 40);
        g.dispose();
        double[] geo = geometry(ImagePreprocessing.MNIST.toPixels(img));
        assertThat(geo[3] - geo[1] + 1).isBetween(19.0, 21.0);
    }

    @Test
    void aBlankImageIsRefusedInsteadOfGuessed() {
        assertThatThrownBy(
                        () -> ImagePreprocessing.MNIST.toPixels(canvas(50, 50, Color.WHITE, Color.WHITE, 0, 0, 1, 1)))
                .isInstanceOf(ImageFileException.class)
                .hasMessageContaining("no ink found");
    }

    @Test
    void aTinyImageIsRefused() {
        assertThatThrownBy(() -> ImagePreprocessing.MNIST.toPixels(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB)))
                .isInstanceOf(ImageFileException.class)
                .hasMessageContaining("1×1")
                .hasMessageContaining("at least 8×8");
        assertThatThrownBy(
                        () -> ImagePreprocessing.TUTORIAL.toPixels(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB)))
                .hasMessageContaining("at least 8×8");
    }

    @Test
    void theTutorialsRecipeDoesNotInvertSoPaperStaysWhite() {
        int[] px = ImagePreprocessing.TUTORIAL.toPixels(canvas(100, 100, Color.WHITE, Color.BLACK, 40, 20, 20, 60));
        assertThat(px[0]).isEqualTo(255);
        assertThat(ImagePreprocessing.parse("Tutorial")).isEqualTo(ImagePreprocessing.TUTORIAL);
        assertThatThrownBy(() -> ImagePreprocessing.parse("fancy")).hasMessageContaining("use mnist or tutorial");
    }

    /** A "4" of three strokes drawn with a round pen of the given width on white paper, 600×500. */
    private static BufferedImage four(float pen) {
        BufferedImage img = canvas(600, 500, Color.WHITE, Color.WHITE, 0, 0, 1, 1);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(java.awt.RenderingHints.KEY_ANTIALIASING, java.awt.RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(new Color(25, 25, 35));
        g.setStroke(new java.awt.BasicStroke(pen, java.awt.BasicStroke.CAP_ROUND, java.awt.BasicStroke.JOIN_ROUND));
        g.drawLine(250, 120, 210, 290);
        g.drawLine(210, 290, 360, 290);
        g.drawLine(320, 140, 320, 390);
        g.dispose();
        return img;
    }

    private static double difference(int[] a, int[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d += Math.abs(a[i] - b[i]);
        }
        return d / a.length;
    }

    /** Pixels at least half bright: how much ink the model sees. */
    private static int bright(int[] px) {
        return (int) java.util.Arrays.stream(px).filter(v -> v >= 128).count();
    }

    @Test
    void aThinPenAndAThickPenGiveStrokesOfMnistsWidth() {
        int[] thin = ImagePreprocessing.MNIST.toPixels(four(1.5f));
        int[] thick = ImagePreprocessing.MNIST.toPixels(four(40f));
        int[] medium = ImagePreprocessing.MNIST.toPixels(four(14f));
        // MNIST's digits have 100 to 200 pixels at least half bright; a 1.5 px line would have 30
        assertThat(bright(thin)).as("thin pen").isBetween(70, 200);
        assertThat(bright(thick)).as("thick pen").isBetween(70, 200);
        assertThat(bright(medium)).as("medium pen").isBetween(70, 200);
        assertThat(difference(thin, thick))
                .as("thin and thick pens, the same digit")
                .isLessThan(25);
        assertThat(java.util.Arrays.stream(thin).max().getAsInt())
                .as("the stroke core at full intensity")
                .isEqualTo(255);
    }

    @Test
    void dirtSpecksAndATableAtTheEdgeDoNotMoveTheDigit() {
        int[] clean = ImagePreprocessing.MNIST.toPixels(four(8f));
        BufferedImage dirty = four(8f);
        Graphics2D g = dirty.createGraphics();
        g.setColor(new Color(25, 25, 35));
        g.fillOval(40, 40, 9, 9); // dirt, far from the digit
        g.fillOval(540, 460, 7, 7);
        g.setColor(new Color(70, 50, 40));
        g.fillRect(0, 470, 600, 30); // the table beyond the paper's bottom edge
        g.dispose();
        assertThat(ImagePreprocessing.MNIST.toPixels(dirty)).containsExactly(clean);
    }

    @Test
    void unevenLightingIsTakenAwayWithThePaper() {
        int[] even = ImagePreprocessing.MNIST.toPixels(four(8f));
        BufferedImage shaded = four(8f);
        int[] argb = shaded.getRGB(0, 0, 600, 500, null, 0, 600);
        for (int y = 0; y < 500; y++) {
            for (int x = 0; x < 600; x++) {
                int p = argb[y * 600 + x];
                double light = 1 - 0.55 * x / 600.0; // a shadow deepening to the right
                int v = (int) Math.round((p & 0xff) * light);
                argb[y * 600 + x] = 0xff000000 | v << 16 | v << 8 | v;
            }
        }
        shaded.setRGB(0, 0, 600, 500, argb, 0, 600);
        assertThat(difference(ImagePreprocessing.MNIST.toPixels(shaded), even)).isLessThan(8);
    }
}
