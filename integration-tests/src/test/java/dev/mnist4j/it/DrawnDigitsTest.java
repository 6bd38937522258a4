package dev.mnist4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnist4j.Backend;
import dev.mnist4j.Backends;
import dev.mnist4j.DataModules;
import dev.mnist4j.DigitModel;
import dev.mnist4j.ModelOptions;
import dev.mnist4j.predict.ImagePreprocessing;
import dev.mnist4j.predict.Predictor;
import dev.mnist4j.train.OptimizerConfig;
import dev.mnist4j.train.TrainConfig;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Digits as people photograph them — dark ink on white paper, small, off-centre, a little
 * rotated — drawn with Java2D's fonts. MNIST-style preprocessing must read them; the tutorial's
 * recipe (grey and squash) cannot, because MNIST digits are light on black.
 */
class DrawnDigitsTest {
    private static final String[] FONTS = {Font.SANS_SERIF, Font.SERIF, Font.MONOSPACED, Font.DIALOG};
    private static final double[] DEGREES = {-8, 0, 8};

    static List<BufferedImage> images = new ArrayList<>();
    static List<Integer> labels = new ArrayList<>();

    private static BufferedImage draw(int digit, String font, int style, double degrees, int variant) {
        BufferedImage img = new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 320, 240);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(new Color(20, 20, 30)); // dark ink, not quite black
        g.setFont(new Font(font, style, 110));
        int x = 30 + 70 * variant; // off-centre, in a different place per variant
        int y = 130 + 25 * variant;
        g.rotate(Math.toRadians(degrees), x + 30, y - 40);
        g.drawString(Integer.toString(digit), x, y);
        g.dispose();
        return img;
    }

    static {
        int variant = 0;
        for (String font : FONTS) {
            for (int style : new int[] {Font.PLAIN, Font.BOLD}) {
                for (double degrees : DEGREES) {
                    for (int digit = 0; digit < 10; digit++) {
                        images.add(draw(digit, font, style, degrees, variant % 3));
                        labels.add(digit);
                        variant++;
                    }
                }
            }
        }
    }

    private static double accuracy(Predictor predictor, ImagePreprocessing preprocessing) {
        int correct = 0;
        for (int i = 0; i < images.size(); i++) {
            if (predictor.predict(images.get(i), preprocessing).digit() == labels.get(i)) {
                correct++;
            }
        }
        return (double) correct / images.size();
    }

    @Test
    void mnistStylePreprocessingReadsDarkInkOnPaperAndTheTutorialsRecipeDoesNot() {
        Backend backend = Backends.get("cpu-ref");
        TrainConfig config = TrainConfig.defaults()
                .withEpochs(1)
                .withOptimizer(OptimizerConfig.momentum(0.01, 0.9))
                .withEvaluateEachEpoch(false);
        try (DigitModel model = backend.newModel(ModelOptions.defaults().withThreads(2))) {
            model.newTrainer(config).fit(DataModules.mnist());
            Predictor predictor = model.newPredictor();
            double mnist = accuracy(predictor, ImagePreprocessing.MNIST);
            double tutorial = accuracy(predictor, ImagePreprocessing.TUTORIAL);
            System.out.printf(
                    "drawn digits (%d, %s): MNIST-style preprocessing %.1f%%, tutorial's %.1f%%%n",
                    images.size(), backend.name(), mnist * 100, tutorial * 100);
            assertThat(mnist).as("MNIST-style accuracy on drawn digits").isGreaterThan(0.75);
            assertThat(tutorial).as("the tutorial's recipe on drawn digits").isLessThan(mnist - 0.4);
        }
    }
}
