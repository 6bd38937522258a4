package dev.mnist4j.it.drawn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnist4j.Backends;
import dev.mnist4j.DataModules;
import dev.mnist4j.DigitModel;
import dev.mnist4j.ModelOptions;
import dev.mnist4j.data.DataModule;
import dev.mnist4j.data.DataSet;
import dev.mnist4j.predict.ImagePreprocessing;
import dev.mnist4j.predict.Predictor;
import dev.mnist4j.train.TrainConfig;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Pictures of digits as people draw them ({@link DrawnDigits}: 13 conditions × 100, made from a
 * seed) read by the tutorial's model trained 5 epochs with its recipe: MNIST-style preprocessing
 * must read at least 95% of them and do no worse than the tutorial's preprocessing in any condition,
 * and MNIST's own test images, saved as PNG (as they are, and inverted), must survive it (97%).
 * The per-condition table goes to {@code target/drawn-digits.md}, and a strip of one picture per
 * condition with what the model saw to {@code target/drawn-digits.png}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealDrawingsTest {
    static final int PER_CONDITION = 100;
    static final long SEED = 2026;

    DigitModel model;
    Predictor predictor;
    DataSet test;

    @BeforeAll
    void trainTheTutorialsModel() {
        DataModule mnist = DataModules.mnist();
        test = mnist.test();
        model = Backends.get("cpu-ref").newModel(ModelOptions.defaults().withThreads(2));
        model.newTrainer(TrainConfig.defaults().withEpochs(5).withEvaluateEachEpoch(false))
                .fit(mnist);
        predictor = model.newPredictor();
    }

    @AfterAll
    void close() {
        model.close();
    }

    private boolean right(BufferedImage image, int label, ImagePreprocessing preprocessing) {
        try {
            return predictor.predict(image, preprocessing).digit() == label;
        } catch (RuntimeException e) { // a picture a preprocessing cannot read counts as wrong
            return false;
        }
    }

    @Test
    void drawnDigitsAreReadAsWellAsACarefulPipelineReadsThem() throws IOException {
        List<DrawnDigits.Picture> pictures = new DrawnDigits(test).make(PER_CONDITION, SEED);
        assertThat(pictures).hasSizeGreaterThanOrEqualTo(500);
        Map<DrawnDigits.Condition, int[]> counts = new EnumMap<>(DrawnDigits.Condition.class);
        for (DrawnDigits.Picture p : pictures) {
            int[] c = counts.computeIfAbsent(p.condition(), k -> new int[3]);
            c[0]++;
            c[1] += right(p.image(), p.label(), ImagePreprocessing.MNIST) ? 1 : 0;
            c[2] += right(p.image(), p.label(), ImagePreprocessing.TUTORIAL) ? 1 : 0;
        }
        StringBuilder table = new StringBuilder(
                "| condition | pictures | MNIST-style (default) | tutorial's |\n| --- | --- | --- | --- |\n");
        int total = 0;
        int mnist = 0;
        int tutorial = 0;
        for (Map.Entry<DrawnDigits.Condition, int[]> e : counts.entrySet()) {
            int[] c = e.getValue();
            total += c[0];
            mnist += c[1];
            tutorial += c[2];
            table.append(String.format(
                    Locale.ROOT,
                    "| %s | %d | %.1f%% | %.1f%% |%n",
                    e.getKey().description,
                    c[0],
                    100.0 * c[1] / c[0],
                    100.0 * c[2] / c[0]));
        }
        table.append(String.format(
                Locale.ROOT,
                "| **all** | %d | **%.1f%%** | %.1f%% |%n",
                total,
                100.0 * mnist / total,
                100.0 * tutorial / total));
        System.out.print(table);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/drawn-digits.md"), table, StandardCharsets.UTF_8);
        ImageIO.write(strip(pictures), "png", Path.of("target/drawn-digits.png").toFile());

        assertThat((double) mnist / total)
                .as("MNIST-style preprocessing over all %d pictures", total)
                .isGreaterThanOrEqualTo(0.95);
        for (Map.Entry<DrawnDigits.Condition, int[]> e : counts.entrySet()) {
            assertThat(e.getValue()[1])
                    .as("%s: MNIST-style preprocessing is no worse than the tutorial's", e.getKey())
                    .isGreaterThanOrEqualTo(e.getValue()[2]);
        }
    }

    @Test
    void mnistsOwnTestImagesSurviveTheRoundTripAsPngFiles() throws IOException {
        int correct = 0;
        int total = 0;
        for (int i = 0; i < test.size(); i++) {
            BufferedImage image = png(test.image(i));
            if (i % 2 == 1) { // every other one inverted: dark ink on white, as a scan would be
                for (int y = 0; y < 28; y++) {
                    for (int x = 0; x < 28; x++) {
                        image.getRaster()
                                .setSample(x, y, 0, 255 - image.getRaster().getSample(x, y, 0));
                    }
                }
            }
            total++;
            correct += right(image, test.label(i), ImagePreprocessing.MNIST) ? 1 : 0;
        }
        double accuracy = (double) correct / total;
        System.out.printf(
                Locale.ROOT, "MNIST's test images as PNG through MNIST-style preprocessing: %.2f%%%n", accuracy * 100);
        assertThat(accuracy).as("MNIST test images through the picture path").isGreaterThanOrEqualTo(0.97);
    }

    /** The first picture of each condition above the 28×28 input the model saw in it. */
    private static BufferedImage strip(List<DrawnDigits.Picture> pictures) {
        List<DrawnDigits.Picture> firsts = pictures.stream()
                .filter(p -> p
                        == pictures.stream()
                                .filter(q -> q.condition() == p.condition())
                                .findFirst()
                                .orElseThrow())
                .toList();
        int cell = 112;
        BufferedImage out = new BufferedImage(firsts.size() * (cell + 4), 2 * cell + 4, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = out.createGraphics();
        g.setRenderingHint(
                java.awt.RenderingHints.KEY_INTERPOLATION, java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        for (int i = 0; i < firsts.size(); i++) {
            BufferedImage original = firsts.get(i).image();
            double f = (double) cell / Math.max(original.getWidth(), original.getHeight());
            g.drawImage(
                    original,
                    i * (cell + 4),
                    0,
                    (int) (original.getWidth() * f),
                    (int) (original.getHeight() * f),
                    null);
            BufferedImage seen = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
            seen.getRaster().setPixels(0, 0, 28, 28, ImagePreprocessing.MNIST.toPixels(original));
            g.setRenderingHint(
                    java.awt.RenderingHints.KEY_INTERPOLATION,
                    java.awt.RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
            g.drawImage(seen, i * (cell + 4), cell + 4, cell, cell, null);
        }
        g.dispose();
        return out;
    }

    private static BufferedImage png(BufferedImage image) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(image, "png", bytes);
        return ImageIO.read(new ByteArrayInputStream(bytes.toByteArray()));
    }
}
