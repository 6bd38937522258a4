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
        BufferedImage photo = canvas(600, 400, Color.WHITE, Color.BLACK, 40, 30, 30, 120);
        int[] px = ImagePreprocessing.MNIST.toPixels(photo);
        double[] g = geometry(px);
        assertThat(g[3] - g[1] + 1).as("height").isBetween(19.0, 21.0);
        assertThat(g[4]).as("centre of mass x").isCloseTo(13.5, within(0.6));
        assertThat(g[5]).as("centre of mass y").isCloseTo(13.5, within(0.6));
        assertThat(px[0]).as("background is dark").isZero();
        assertThat(java.util.Arrays.stream(px).max().getAsInt()).isGreaterThan(200);
    }

    @Test
    void lightInkOnDarkGivesTheSameResultAsDarkInkOnLight() {
        int[] dark = ImagePreprocessing.MNIST.toPixels(canvas(100, 100, Color.WHITE, Color.BLACK, 20, 30, 40, 20));
        int[] light = ImagePreprocessing.MNIST.toPixels(canvas(100, 100, Color.BLACK, Color.WHITE, 20, 30, 40, 20));
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
}
